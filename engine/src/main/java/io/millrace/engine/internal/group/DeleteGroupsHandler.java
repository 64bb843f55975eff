package io.millrace.engine.internal.group;

import io.millrace.engine.internal.gateway.ApiHandler;
import io.millrace.engine.internal.gateway.RequestContext;
import io.millrace.engine.internal.group.GroupCommand.DeleteGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;

/**
 * DeleteGroups (v0..2): deletes empty groups with their offsets; a group with members is
 * NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND.
 */
final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequest> {
  private final GroupService groups;

  DeleteGroupsHandler(GroupService groups) {
    this.groups = groups;
  }

  @Override
  public CompletionStage<AbstractResponse> handle(RequestContext rc, DeleteGroupsRequest request) {
    List<String> ids = request.data().groupsNames();
    List<CompletableFuture<Errors>> answers = new ArrayList<>();
    for (String id : ids) {
      if (GroupApis.invalidGroupId(id)) {
        answers.add(CompletableFuture.completedFuture(Errors.INVALID_GROUP_ID));
      } else {
        answers.add(groups.<Errors>ask(id, DeleteGroup::new)
            .handle((e, failure) -> failure == null ? e : GroupApis.askFailed(failure, id))
            .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
      DeleteGroupsResponseData data = new DeleteGroupsResponseData();
      for (int i = 0; i < ids.size(); i++) {
        if (data.results().find(ids.get(i)) == null) {
          data.results().add(new DeletableGroupResult().setGroupId(ids.get(i)).setErrorCode(answers.get(i).join().code()));
        }
      }
      return new DeleteGroupsResponse(data);
    });
  }
}
