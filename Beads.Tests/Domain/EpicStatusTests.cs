using Beads.Actors.Domain;
using Xunit;
using static Beads.Tests.Domain.RigBuilder;

namespace Beads.Tests.Domain;

public class EpicStatusTests
{
    [Fact]
    public void Open_epics_with_children_show_their_progress_and_those_whose_children_are_all_done_may_close()
    {
        var rig = Initialized();
        var started = rig.CreateEpic("started");
        var done = rig.CreateChild(started.Id, "done");
        rig.CreateChild(started.Id, "not yet");
        rig.Close(done.Id);
        var finished = rig.CreateEpic("finished");
        rig.Close(rig.CreateChild(finished.Id, "only child").Id);
        rig.CreateEpic("childless");
        var closedEpic = rig.CreateEpic("closed already");
        rig.Close(rig.CreateChild(closedEpic.Id, "child").Id);
        rig.Close(closedEpic.Id);
        rig.CreateChild(rig.Create("a task, not an epic").Id, "its child");

        var epics = IssueViews.Epics(rig.State);

        Assert.Equal(
            new[] { (started.Id, 2, 1, false), (finished.Id, 1, 1, true) }.OrderBy(e => e.Item1, StringComparer.Ordinal),
            epics.Select(e => (e.Epic.Id, e.TotalChildren, e.ClosedChildren, e.EligibleForClose)));
        Assert.Equal(1, IssueViews.Statistics(rig.State, rig.Now).EpicsEligibleForClosure);
    }
}
