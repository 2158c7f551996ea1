using Beads.Actors.Domain;
using Beads.Actors.Jsonl;
using Beads.Protocol;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

/// <summary>beads' wisps: ephemeral issues, out of lists, ready work and exports unless asked for.</summary>
public class EphemeralTests
{
    private static Issue Wisp(RigBuilder rig, string title) => rig.Create(title, c => c with { Ephemeral = true, Labels = ["gt:message"] });

    [Fact]
    public void A_wisp_is_named_apart_and_flagged_as_beads_exports_it()
    {
        var rig = Initialized();

        var wisp = Wisp(rig, "heartbeat");

        Assert.Matches($"^{Prefix}-wisp-[0-9a-z]+$", wisp.Id);
        Assert.True(IssueFlags.IsEphemeral(wisp));
        Assert.Contains("\"ephemeral\":true", System.Text.Encoding.UTF8.GetString(JsonlWriter.Serialize(wisp).Utf8.Span));
        Assert.False(IssueFlags.IsEphemeral(rig.Create("plain work")));
    }

    [Fact]
    public void Lists_leave_wisps_out_unless_asked_and_ready_work_never_offers_one()
    {
        var rig = Initialized();
        var wisp = Wisp(rig, "mail");
        var work = rig.Create("work");

        string[] Listed(EphemeralIssues ephemeral) =>
            [.. IssueQueries.Matching(rig.State, IssueFilter.Any with { Ephemeral = ephemeral }).Select(i => i.Id).Order(StringComparer.Ordinal)];

        Assert.Equal([work.Id], Listed(EphemeralIssues.Exclude));
        Assert.Equal(new[] { wisp.Id, work.Id }.Order(StringComparer.Ordinal), Listed(EphemeralIssues.Include));
        Assert.Equal([wisp.Id], Listed(EphemeralIssues.Only));
        Assert.False(new Readiness(rig.State, rig.Now).IsReady(rig[wisp.Id], includeOrchestration: true));
    }

    [Fact]
    public void Exports_leave_wisps_out_and_a_deleted_wisp_leaves_nothing_behind()
    {
        var rig = Initialized();
        var wisp = Wisp(rig, "patrol step");
        var work = rig.Create("work");

        var page = JsonlPages.Page(rig.State, new ExportIssues(RigBuilder.Rig));
        Assert.Equal((1, 1), (page.Issues, page.TotalIssues));
        Assert.Contains(work.Id, page.Lines);
        Assert.DoesNotContain(wisp.Id, page.Lines);

        rig.Do(new DeleteIssues(RigBuilder.Rig, Alice, [wisp.Id], Force: true));
        Assert.Null(rig.State.Find(wisp.Id));
        Assert.False(rig.State.Deleted.ContainsKey(wisp.Id));
    }
}
