package dev.wimigrate.identity.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RbacDiffTest {

  static final String SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

  static String role(String guid) {
    return SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + guid;
  }

  @Test
  void whatOnlyTheSourceHoldsIsMissingAndWhatOnlyTheTargetHoldsIsExtra() {
    Assignment reader = Assignment.of(role(READER), SUB + "/resourceGroups/shop");
    Assignment blob = Assignment.of(role(BLOB_READER), SUB + "/resourceGroups/shop/providers/x/y");
    Assignment acr = Assignment.of(role(ACR_PULL), SUB);

    RbacDiff diff = RbacDiff.between(List.of(reader, blob), List.of(reader, acr));

    assertThat(diff.missing()).containsExactly(blob);
    assertThat(diff.extra()).containsExactly(acr);
    assertThat(diff.shared()).containsExactly(reader);
    assertThat(diff.targetHasEverything()).isFalse();
  }

  @Test
  void roleIdsAreComparedByTheirGuidWhateverPrefixArmReturned() {
    Assignment subscriptionForm = Assignment.of(role(READER), SUB);
    Assignment tenantForm =
        Assignment.of(
            "/providers/Microsoft.Authorization/roleDefinitions/" + READER.toUpperCase(), SUB);

    RbacDiff diff = RbacDiff.between(List.of(subscriptionForm), List.of(tenantForm));

    assertThat(diff.targetHasEverything()).isTrue();
    assertThat(diff.extra()).isEmpty();
  }

  @Test
  void scopesCompareWithoutCaseAndTrailingSlashAsArmDoes() {
    Assignment original = Assignment.of(role(READER), SUB + "/resourceGroups/Shop");
    Assignment spelledOtherwise = Assignment.of(role(READER), SUB + "/resourcegroups/shop/");

    assertThat(RbacDiff.between(List.of(original), List.of(spelledOtherwise)).missing()).isEmpty();
  }

  @Test
  void theSameRoleAtAnotherScopeIsADifferentGrant() {
    Assignment onGroup = Assignment.of(role(READER), SUB + "/resourceGroups/shop");
    Assignment onSubscription = Assignment.of(role(READER), SUB);

    RbacDiff diff = RbacDiff.between(List.of(onGroup), List.of(onSubscription));

    assertThat(diff.missing()).containsExactly(onGroup);
    assertThat(diff.extra()).containsExactly(onSubscription);
  }

  @Test
  void anAbacConditionMakesItADifferentGrant() {
    String condition =
        "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]"
            + " StringEquals 'orders'";
    Assignment conditional = new Assignment(role(BLOB_READER), SUB, condition, "2.0");
    Assignment unconditional = Assignment.of(role(BLOB_READER), SUB);

    assertThat(RbacDiff.between(List.of(conditional), List.of(unconditional)).missing())
        .containsExactly(conditional);
  }

  @Test
  void duplicatesCountOnceAndTheMissingAreReportedAsRoleAtScope() {
    Assignment reader = Assignment.of(role(READER), SUB);

    RbacDiff diff = RbacDiff.between(List.of(reader, reader), List.of());

    assertThat(diff.missing()).hasSize(1);
    assertThat(diff.missingDescribed()).containsExactly(role(READER) + "@" + SUB);
  }

  @Test
  void identicalAssignmentsLeaveNothingToCopy() {
    List<Assignment> same =
        List.of(Assignment.of(role(READER), SUB), Assignment.of(role(ACR_PULL), SUB));

    RbacDiff diff = RbacDiff.between(same, same);

    assertThat(diff.targetHasEverything()).isTrue();
    assertThat(diff.shared()).hasSize(2);
  }
}
