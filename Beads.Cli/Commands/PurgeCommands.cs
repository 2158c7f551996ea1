using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>
/// purge and prune: beads' bulk deletes of closed issues, wisps (purge) or the rest (prune, which must be narrowed by
/// age or id pattern), in one delete request to the rig; a preview unless --force.
/// </summary>
public static class PurgeCommands
{
    public static IEnumerable<Command> All() =>
    [
        Scoped("purge", "Delete closed wisps (ephemeral issues) for good: a preview unless --force", ephemeral: true, "purged", "purge",
            "closed ephemeral bead"),
        Scoped("prune", "Delete closed issues that are not wisps, older than --older-than or matching --pattern: a preview unless --force",
            ephemeral: false, "pruned", "prune", "closed bead"),
    ];

    private static Command Scoped(string name, string description, bool ephemeral, string pastTense, string dryRunKey, string noun)
    {
        var force = Flags.Switch("--force", "Delete them: without it, only say how many would go", "-f");
        var dryRun = Flags.Switch("--dry-run", "Say what would go, with their links and labels, change nothing");
        var olderThan = Flags.Text("--older-than", "Only issues closed at least this long ago (7d, 12h, 2w)");
        var pattern = Flags.Text("--pattern", "Only ids matching this glob (* any characters, ? one), such as '*-wisp-*'");
        var command = new Command(name, description) { force, dryRun, olderThan, pattern };
        return command.With(async run =>
        {
            var (age, glob) = (run.Value(olderThan), run.Value(pattern));
            if (!ephemeral && age is null && glob is null)
                throw CliException.Usage($"bd {name} requires --older-than or --pattern: it protects against deleting every closed issue by accident " +
                                         "(--pattern '*' takes them all)");
            var closedBefore = age is null ? (DateTimeOffset?)null : DateTimeOffset.UtcNow - WhenText.Span("--older-than", age);
            var matches = glob is null ? null : new Regex($"^{Regex.Escape(glob).Replace("\\*", ".*").Replace("\\?", ".")}$");
            var rig = await run.Rig();
            var filter = IssueFilter.Any with
            {
                Statuses = ["closed"],
                Ephemeral = ephemeral ? EphemeralIssues.Only : EphemeralIssues.Exclude,
                Closed = new TimeWindow(Before: closedBefore),
            };
            var ids = (await run.Send<IssueSummaries>(new ListIssues(rig, filter) { Limit = 0, Sort = IssueSorts.Id })).Issues
                .Select(summary => summary.Issue.Id).Where(id => matches is null || matches.IsMatch(id)).ToList();
            var countKey = $"{pastTense}_count";
            if (ids.Count == 0)
            {
                var none = $"No {noun}s to {name}{(age is null ? "" : $" (older than {age})")}{(glob is null ? "" : $" (matching \"{glob}\")")}";
                run.Print(new JsonObjectOutput(new JsonObject { [countKey] = 0, ["message"] = none }, none));
                return ExitCodes.Ok;
            }
            var go = run.Value(force) && !run.Value(dryRun);
            if (!go && !run.Value(dryRun))
                throw CliException.Refused("needs_force",
                    $"would {name} {ids.Count} {noun}(s): add --force to delete them, or --dry-run to see what goes with them");
            var result = await run.Send<DeleteResult>(new DeleteIssues(rig, run.Actor, [.. ids], Force: go) { Reason = $"bd {name}" });
            var json = new JsonObject
            {
                [go ? countKey : $"{dryRunKey}_count"] = result.Deleted.Count,
                ["dependencies"] = result.Links.Count,
                ["labels"] = result.LabelsRemoved,
                // The audit trail keeps its rows, the deletions among them: nothing of it is removed.
                ["events"] = 0,
            };
            if (!go) json["dry_run"] = true;
            var text = go
                ? $"{Terminal.Green("✓")} {char.ToUpperInvariant(pastTense[0])}{pastTense[1..]} {result.Deleted.Count} {noun}(s)\n  Dependencies removed: {result.Links.Count}\n  Labels removed:       {result.LabelsRemoved}"
                : $"Would {name} {result.Deleted.Count} {noun}(s)\n  Dependencies: {result.Links.Count}\n  Labels:       {result.LabelsRemoved}\n\n(Dry-run mode — no changes made)";
            run.Print(new JsonObjectOutput(json, text));
            return ExitCodes.Ok;
        });
    }
}
