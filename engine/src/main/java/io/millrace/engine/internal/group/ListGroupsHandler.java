package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.Describe;
import io.millrace.engine.internal.group.GroupCommand.GroupDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;

/**
 * ListGroups (v0..5): every group in the catalog, with its state (v4+, filterable, case-insensitive)
 * and type (v5+, filterable: {@code classic}, or {@code consumer} for groups of the next-generation
 * protocol). Each listed group is asked for
 * its state, which starts the entities of groups that are not running; fine for the number of
 * groups a single node serves.
 */
final class ListGroupsHandler implements ApiHandler<ListGroupsRequest> {
  static final String CLASSIC = "classic";
  static final String CONSUMER = "consumer";
  private final GroupService groups;

  ListGroupsHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, ListGroupsRequest request) {
    short version = rc.apiVersion();
    Set<String> states = lower(request.data().statesFilter());
    Set<String> types = lower(request.data().typesFilter());
    return groups.groupIds().thenCompose(ids -> {
      List<CompletableFuture<ListedGroup>> answers = new ArrayList<>();
      for (String id : ids) {
        answers.add(groups.<GroupDescription>ask(id, Describe::new)
            .handle((d, failure) -> {
              if (failure != null) {
                GroupApis.askFailed(failure, id);
                return null;
              }
              if (!d.exists() || (!states.isEmpty() && !states.contains(d.state().toLowerCase(Locale.ROOT)))
                  || (!types.isEmpty() && !types.contains(d.type()))) {
                return null;
              }
              ListedGroup g = new ListedGroup().setGroupId(id).setProtocolType(d.protocolType() == null ? "" : d.protocolType());
              if (version >= 4) {
                g.setGroupState(d.state());
              }
              if (version >= 5) {
                g.setGroupType(d.type());
              }
              return g;
            })
            .toCompletableFuture());
      }
      return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
        ListGroupsResponseData data = new ListGroupsResponseData();
        answers.stream().map(CompletableFuture::join).filter(g -> g != null).forEach(data.groups()::add);
        return (AbstractResponse) new ListGroupsResponse(data);
      });
    }).exceptionally(failure -> new ListGroupsResponse(
        new ListGroupsResponseData().setErrorCode(GroupApis.askFailed(failure, "catalog").code())));
  }

  private static Set<String> lower(List<String> values) {
    return values == null ? Set.of() : values.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }
}
