using Beads.Actors.Domain;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class CountAndStaleTests
{
    [Fact]
    public void Count_groups_as_beads_names_them_and_an_issue_counts_once_in_the_total_whatever_its_labels()
    {
        var rig = Initialized();
        rig.Create("two labels", c => c with { Labels = ["ui", "api"], Assignee = Bob, Priority = 1 });
        rig.Create("one label", c => c with { Labels = ["ui"] });
        var closed = rig.Create("no label");
        rig.Close(closed.Id);

        IssueCounts Count(string? by) =>
            IssueQueries.Count(rig.State, new CountIssues(Rig, IssueFilter.Any with { IncludeClosed = true }) { GroupBy = by }).Value;

        Assert.Equal((3, 0), (Count(null).Total, Count(null).Groups.Count));
        Assert.Equal([("(no labels)", 1), ("api", 1), ("ui", 2)], Count("label").Groups.Select(g => (g.Group, g.Count)));
        Assert.Equal(3, Count("label").Total);
        Assert.Equal([("(unassigned)", 2), (Bob, 1)], Count("assignee").Groups.Select(g => (g.Group, g.Count)));
        Assert.Equal([("P1", 1), ("P2", 2)], Count("priority").Groups.Select(g => (g.Group, g.Count)));
        Assert.Equal([("closed", 1), ("open", 2)], Count("status").Groups.Select(g => (g.Group, g.Count)));
        Assert.Equal(ErrorCodes.InvalidArgument, IssueQueries.Count(rig.State, new CountIssues(Rig, IssueFilter.Any) { GroupBy = "colour" }).Error!.Code);
    }

    [Fact]
    public void Stale_lists_live_issues_untouched_for_the_days_asked_the_longest_untouched_first()
    {
        var rig = Initialized();
        var oldest = rig.Create("oldest");
        var older = rig.Create("older", c => c with { Status = "in_progress" });
        var blocked = rig.Create("blocked", c => c with { Status = "blocked" });
        var closed = rig.Create("closed");
        rig.Close(closed.Id);
        rig.Now += TimeSpan.FromDays(10);
        var fresh = rig.Create("fresh");

        IReadOnlyList<string> Stale(int days, string? status = null) =>
            [.. IssueQueries.Stale(rig.State, new GetStaleIssues(Rig, days) { Status = status }, rig.Now).Value.Select(i => i.Id)];

        Assert.Equal([oldest.Id, older.Id], Stale(7));
        Assert.Equal([blocked.Id], Stale(7, "blocked"));
        Assert.Empty(Stale(30));
        Assert.DoesNotContain(fresh.Id, Stale(1));
        Assert.Equal(ErrorCodes.InvalidArgument, IssueQueries.Stale(rig.State, new GetStaleIssues(Rig, 0), rig.Now).Error!.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, IssueQueries.Stale(rig.State, new GetStaleIssues(Rig, 7) { Status = "closed" }, rig.Now).Error!.Code);
    }
}
