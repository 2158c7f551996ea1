using System.CommandLine;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>epic status, epic close-eligible.</summary>
public static class EpicCommands
{
    /// <summary>beads' reason for an epic closed because its children are.</summary>
    private const string AllChildrenDone = "All children completed";

    public static IEnumerable<Command> All() => [new Command("epic", "Epics and their children's progress") { Status(), CloseEligible() }];

    private static Command Status()
    {
        var eligibleOnly = Flags.Switch("--eligible-only", "Only the epics whose children are all done");
        return new Command("status", "Each open epic with children: how many are done, and whether it may close") { eligibleOnly }.With(async run =>
        {
            var epics = (await run.Send<EpicStatusResult>(new GetEpicStatus(await run.Rig()))).Epics;
            run.Print(new EpicStatusOutput([.. epics.Where(epic => !run.Value(eligibleOnly) || epic.EligibleForClose)], "No open epics found"));
        });
    }

    private static Command CloseEligible()
    {
        var dryRun = Flags.Switch("--dry-run", "Show which epics would close, change nothing");
        return new Command("close-eligible", "Close every epic whose children are all done") { dryRun }.With(async run =>
        {
            var rig = await run.Rig();
            var eligible = (await run.Send<EpicStatusResult>(new GetEpicStatus(rig))).Epics.Where(epic => epic.EligibleForClose).ToList();
            if (eligible.Count == 0 || run.Value(dryRun))
            {
                run.Print(new EpicStatusOutput(eligible, "No epics eligible for closure", wouldClose: true));
                return;
            }
            var closed = new List<string>();
            foreach (var epic in eligible)
                closed.Add((await run.Send<IssueResult>(new CloseIssue(rig, run.Actor, epic.Epic.Id, AllChildrenDone))).Issue.Id);
            run.Print(new ClosedEpicsOutput(closed, closed.Count));
        });
    }
}
