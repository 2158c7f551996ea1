using Beads.Actors.Domain;
using Beads.Cli;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class RigDiagnosticsTests
{
    [Fact]
    public void Live_issues_that_say_the_same_are_duplicates_and_a_closed_copy_is_not()
    {
        var rig = Initialized();
        var first = rig.Create("Fix the login");
        var second = rig.Create("Fix the login");
        var closed = rig.Create("Fix the login");
        rig.Close(closed.Id);
        rig.Create("Fix the login", c => c with { Description = "other text" });

        var group = Assert.Single(RigDiagnostics.Diagnose(rig.State).Duplicates);
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), group);
    }

    [Fact]
    public void A_link_to_an_issue_the_rig_lacks_is_orphaned_and_dep_remove_takes_it_away()
    {
        var rig = Initialized();
        var issue = rig.Create("imported with a dangling link");
        rig.ApplyEdge(issue.Id, "bd-gone", "blocks");
        rig.ApplyEdge(issue.Id, "external:gt:gt-1", "tracks");

        var orphan = Assert.Single(RigDiagnostics.Diagnose(rig.State).Orphans);
        Assert.Equal((issue.Id, "bd-gone", "blocks"), (orphan.IssueId, orphan.DependsOnId, orphan.Type));

        rig.Do(new RemoveDependency(Rig, Alice, issue.Id, "bd-gone"));
        Assert.Empty(RigDiagnostics.Diagnose(rig.State).Orphans);
    }

    [Fact]
    public void Test_like_issues_are_suspects_scored_as_beads_scores_them()
    {
        var rig = Initialized();
        var test = rig.Create("test-login flow");
        var generic = rig.Create("A sample issue", c => c with { Description = "a description long enough to count" });
        rig.Create("Real work", c => c with { Description = "with a real description of the work" });

        var suspects = RigDiagnostics.Diagnose(rig.State).Suspects;

        var found = Assert.Single(suspects);
        Assert.Equal((test.Id, 0.9), (found.Id, found.Score));
        Assert.Equal(["Title starts with test prefix", "No description"], found.Reasons);
        Assert.DoesNotContain(generic.Id, suspects.Select(s => s.Id));
    }
}

public class DoctorChecksTests
{
    private static Issue Issue(string id, DateTimeOffset updated) =>
        new() { Id = id, Title = id, Status = "open", IssueType = "task", CreatedAt = updated, UpdatedAt = updated };

    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_file_is_compared_to_the_journal_id_by_id_within_a_second()
    {
        var jsonl = """
            {"id":"bd-same","updated_at":"2026-03-01T09:00:00.4Z"}
            {"id":"bd-old","updated_at":"2026-03-01T08:00:00Z"}
            {"id":"bd-new","updated_at":"2026-03-01T10:00:00Z"}
            {"id":"bd-extra","updated_at":"2026-03-01T09:00:00Z"}
            <<<<<<< HEAD
            not json
            """;
        var drift = DoctorChecks.Drift(jsonl, [Issue("bd-same", At), Issue("bd-old", At), Issue("bd-new", At), Issue("bd-missing", At)]);

        Assert.Equal(["bd-missing"], drift.Missing);
        Assert.Equal(["bd-extra"], drift.Extra);
        Assert.Equal(["bd-old"], drift.Older);
        Assert.Equal(["bd-new"], drift.Newer);
        Assert.Equal([5], drift.ConflictLines);
        Assert.False(drift.FlushMends);
        Assert.True(DoctorChecks.Drift("""{"id":"bd-same","updated_at":"2026-03-01T08:00:00Z"}""", [Issue("bd-same", At)]).FlushMends);
    }

    [Fact]
    public void The_issues_table_is_behind_where_a_row_is_missing_or_older()
    {
        static System.Text.Json.JsonElement Text(string value) => System.Text.Json.JsonSerializer.SerializeToElement(value);
        var rows = new SqlResult(["id", "updated_at"], [[Text("bd-a"), Text("2026-03-01 09:00:00")], [Text("bd-b"), Text("2026-03-01 07:00:00")]], false);

        Assert.Equal(["bd-b", "bd-c"], DoctorChecks.BehindInTables(rows, [Issue("bd-a", At), Issue("bd-b", At), Issue("bd-c", At)]));
    }
}
