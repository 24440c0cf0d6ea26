package dev.wimigrate.webhook.jsonpatch;

import static dev.wimigrate.webhook.testing.Json.apply;
import static dev.wimigrate.webhook.testing.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDiffTest {

  static List<PatchOperation> diffAndCheck(JsonNode source, JsonNode target) {
    List<PatchOperation> ops = JsonDiff.diff(source, target);
    assertThat(apply(source, ops)).isEqualTo(target);
    return ops;
  }

  @Test
  void equalDocumentsGiveAnEmptyPatch() {
    assertThat(diffAndCheck(json("{'a':[1,{'b':2}]}"), json("{'a':[1,{'b':2}]}"))).isEmpty();
  }

  @Test
  void newMemberIsOneAdd() {
    assertThat(diffAndCheck(json("{'a':1}"), json("{'a':1,'b':{'c':2}}")))
        .containsExactly(PatchOperation.add("/b", json("{'c':2}")));
  }

  @Test
  void prependingANamedElementIsOneAddAtIndexZero() {
    List<PatchOperation> ops =
        diffAndCheck(
            json("{'c':[{'name':'app'},{'name':'db'}]}"),
            json("{'c':[{'name':'proxy'},{'name':'app'},{'name':'db'}]}"));
    assertThat(ops).containsExactly(PatchOperation.add("/c/0", json("{'name':'proxy'}")));
  }

  @Test
  void namedElementsChangedInPlaceArePatchedInside() {
    List<PatchOperation> ops =
        diffAndCheck(
            json("{'c':[{'name':'a'},{'name':'b','image':'x'}]}"),
            json("{'c':[{'name':'p'},{'name':'a','env':[]},{'name':'b','image':'x'}]}"));
    assertThat(ops)
        .containsExactly(
            PatchOperation.add("/c/0", json("{'name':'p'}")),
            PatchOperation.add("/c/1/env", json("[]")));
  }

  @Test
  void appendedUnnamedElementsAreAdds() {
    assertThat(diffAndCheck(json("[1,2]"), json("[1,2,3]")))
        .containsExactly(PatchOperation.add("/2", json("3")));
  }

  @Test
  void removedMembersAndShorterListsAreExpressible() {
    diffAndCheck(json("{'a':1,'b':[1,2,3]}"), json("{'b':[1]}"));
    diffAndCheck(
        json("{'c':[{'name':'a'},{'name':'b'},{'name':'c'}]}"),
        json("{'c':[{'name':'c'},{'name':'a'}]}"));
  }

  @Test
  void keysWithSlashesAndTildesAreEscaped() {
    assertThat(diffAndCheck(json("{'m':{}}"), json("{'m':{'azure.workload.identity/x~y':'1'}}")))
        .containsExactly(PatchOperation.add("/m/azure.workload.identity~1x~0y", json("'1'")));
  }

  @Test
  void typeChangeIsAReplace() {
    assertThat(diffAndCheck(json("{'a':'1'}"), json("{'a':1}")))
        .containsExactly(PatchOperation.replace("/a", json("1")));
  }
}
