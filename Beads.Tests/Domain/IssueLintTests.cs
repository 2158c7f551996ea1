using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class IssueLintTests
{
    [Fact]
    public void A_bug_needs_steps_to_reproduce_and_acceptance_criteria_and_a_chore_needs_nothing()
    {
        var rig = Initialized();
        var bare = rig.Create("bare bug", c => c with { IssueType = "bug" });
        var written = rig.Create("written bug", c => c with
        {
            IssueType = "bug", Description = "## steps to reproduce\n1. run it", AcceptanceCriteria = "it no longer crashes",
        });
        rig.Create("a chore", c => c with { IssueType = "chore" });

        var report = IssueLint.Check(rig.State, new LintIssues(Rig, []));

        Assert.True(report.IsOk);
        Assert.Equal(3, report.Value.Checked);
        var finding = Assert.Single(report.Value.Findings);
        Assert.Equal((bare.Id, "bug"), (finding.Id, finding.Type));
        Assert.Equal(["## Steps to Reproduce", "## Acceptance Criteria"], finding.Missing);
        Assert.Empty(IssueLint.Missing(rig[written.Id]));
    }

    [Fact]
    public void Closed_issues_are_checked_only_when_asked_and_named_ids_are_resolved_or_refused()
    {
        var rig = Initialized();
        var epic = rig.CreateEpic("an epic");
        rig.Close(epic.Id);

        Assert.Empty(IssueLint.Check(rig.State, new LintIssues(Rig, [])).Value.Findings);
        Assert.Equal(["## Success Criteria"], Assert.Single(IssueLint.Check(rig.State, new LintIssues(Rig, []) { Status = "all" }).Value.Findings).Missing);
        Assert.Single(IssueLint.Check(rig.State, new LintIssues(Rig, [epic.Id])).Value.Findings);
        Assert.Equal(ErrorCodes.NotFound, IssueLint.Check(rig.State, new LintIssues(Rig, ["bd-nope"])).Error!.Code);
    }
}
