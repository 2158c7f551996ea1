using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>list, children, ready, blocked, search, query, lint, count, stale, stats.</summary>
public static class QueryCommands
{
    public static IEnumerable<Command> All() => [List(), Children(), Ready(), Blocked(), Search(), Query(), Lint(), Count(), Stale(), Stats()];

    /// <summary>The types beads' list leaves out unless --include-infra or --type asks for them.</summary>
    private static readonly ImmutableList<string> InfrastructureTypes = ["agent", "rig", "role", "message"];

    private static readonly Option<string[]> Statuses = new("--status", "-s") { Description = "Only these statuses" };
    private static readonly Option<string?> Assignee = Flags.Text("--assignee", "Only issues assigned to this actor", "-a");
    private static readonly Option<string[]> Types = new("--type", "-t") { Description = "Only these types" };
    private static readonly Option<string[]> Labels = new("--label", "-l", "--tag") { Description = "Only issues with all these labels (--tag, which Gas Town sends and beads lacks)" };
    private static readonly Option<string[]> LabelsAny = new("--label-any") { Description = "Only issues with at least one of these labels" };
    private static readonly Option<string[]> ExcludeLabels = new("--exclude-label") { Description = "Leave out issues with any of these labels" };
    private static readonly Option<string?> Priority = Flags.Text("--priority", "Only this priority (0-4 or P0-P4)", "-p");
    private static readonly Option<string?> PriorityMin = Flags.Text("--priority-min", "Only priorities numerically at least this (0-4)");
    private static readonly Option<string?> PriorityMax = Flags.Text("--priority-max", "Only priorities numerically at most this (0-4)");
    private static readonly Option<string?> Parent = Flags.Text("--parent", "Only children of this issue (by their parent-child edge, or a dotted id parent.N without one)");
    private static readonly Option<string[]> Ids = new("--id") { Description = "Only these ids" };
    private static readonly Option<string?> TitleContains = Flags.Text("--title-contains", "Only titles containing this text");
    private static readonly Option<string?> DescriptionContains = Flags.Text("--desc-contains", "Only descriptions containing this text");
    private static readonly Option<string?> NotesContains = Flags.Text("--notes-contains", "Only notes containing this text");
    private static readonly Option<bool> EmptyDescription = Flags.Switch("--empty-description", "Only issues without a description");
    private static readonly Option<bool> NoLabels = Flags.Switch("--no-labels", "Only issues without labels");
    private static readonly Option<bool> Reverse = Flags.Switch("--reverse", "Reverse the order", "-r");
    private static readonly Option<bool> Everything = Flags.Switch("--all", "Include closed issues and show all of them");
    private static readonly Option<bool> Unassigned = Flags.Switch("--unassigned", "Only unassigned issues", "-u");
    private static readonly Option<bool> Claim = Flags.Switch("--claim", "Claim the first ready, unassigned issue");
    private static readonly Option<string?> Title = Flags.Text("--title", "Only titles containing this text (as --title-contains)");
    private static readonly Option<bool> NoAssignee = Flags.Switch("--no-assignee", "Only unassigned issues");
    private static readonly Option<bool> IncludeInfra = Flags.Switch("--include-infra",
        $"Include beads' infrastructure types ({string.Join(", ", InfrastructureTypes)}) and ephemeral issues, which list leaves out otherwise");
    private static readonly Option<bool> IncludeEphemeral = Flags.Switch("--include-ephemeral", "Include ephemeral issues (wisps), which list leaves out otherwise");
    private static readonly Option<bool> Flat = Flags.Switch("--flat", "One line per issue, children not under their parents");
    private static readonly Option<bool> Tree = new("--tree")
    {
        Description = "Children under their parents (the default; --tree=false or --flat for one line each)", DefaultValueFactory = _ => true,
    };
    private static readonly Option<bool> NoPager = Flags.Switch("--no-pager", "Accepted for beads' clients: bd never pages its output");

    /// <summary>beads' date bounds on list and search: each takes a date, a time, or a relative time such as -7d.</summary>
    private sealed record DateBound(string Field)
    {
        public Option<string?> After { get; } = Flags.Text($"--{Field}-after", $"Only issues {Field} after this (2026-01-15, RFC 3339, +1d, -7d, yesterday)");
        public Option<string?> Before { get; } = Flags.Text($"--{Field}-before", $"Only issues {Field} before this (same formats)");

        public TimeWindow Of(Invocation run) =>
            new(Flags.When(After.Name, run.Value(After)), Flags.When(Before.Name, run.Value(Before)));
    }

    private static readonly DateBound CreatedBound = new("created"), UpdatedBound = new("updated"), ClosedBound = new("closed");

    private static IEnumerable<Option> DateBounds =>
        [CreatedBound.After, CreatedBound.Before, UpdatedBound.After, UpdatedBound.Before, ClosedBound.After, ClosedBound.Before];

    /// <summary>beads' <c>--status all</c>: every status, closed ones included.</summary>
    private const string AllStatuses = "all";

    private static Option<int> Limit(int defaultValue) =>
        new("--limit", "-n") { Description = $"At most this many issues (0 = all; default {defaultValue})", DefaultValueFactory = _ => defaultValue };

    private static Option<string> Sort(string valid, params string[] aliases) =>
        new("--sort", aliases) { Description = $"Order: {valid}", DefaultValueFactory = _ => IssueSorts.Priority };

    private static IssueFilter FilterFrom(Invocation run)
    {
        var statuses = Flags.List(run.Value(Statuses));
        return IssueFilter.Any with
        {
            Statuses = statuses.Contains(AllStatuses) ? [] : statuses,
            Assignee = run.Value(Assignee),
            UnassignedOnly = run.Value(Unassigned) || run.Value(NoAssignee),
            Types = Flags.List(run.Value(Types)),
            Labels = Flags.List(run.Value(Labels)),
            LabelsAny = Flags.List(run.Value(LabelsAny)),
            ExcludeLabels = Flags.List(run.Value(ExcludeLabels)),
            Priority = Flags.Priority(run.Value(Priority)),
            PriorityMin = Flags.Priority(run.Value(PriorityMin)),
            PriorityMax = Flags.Priority(run.Value(PriorityMax)),
            Parent = run.Value(Parent),
            Ids = Flags.List(run.Value(Ids)),
            TitleContains = run.Value(TitleContains) ?? run.Value(Title),
            DescriptionContains = run.Value(DescriptionContains),
            NotesContains = run.Value(NotesContains),
            EmptyDescription = run.Value(EmptyDescription),
            NoLabels = run.Value(NoLabels),
            IncludeClosed = run.Value(Everything) || statuses.Contains(AllStatuses),
            Created = CreatedBound.Of(run),
            Updated = UpdatedBound.Of(run),
            Closed = ClosedBound.Of(run),
        };
    }

    private static Command List()
    {
        var limit = Limit(50);
        var sort = Sort(string.Join(", ", IssueSorts.ForList));
        var command = new Command("list", "List issues (closed ones only when asked for)")
        {
            Statuses, Assignee, NoAssignee, Types, IncludeInfra, IncludeEphemeral, Labels, LabelsAny, ExcludeLabels, Priority, PriorityMin,
            PriorityMax, Parent, Ids, Title, TitleContains, DescriptionContains, NotesContains, EmptyDescription, NoLabels, limit,
            sort, Reverse, Everything, Flat, Tree, NoPager,
        };
        foreach (var bound in DateBounds) command.Options.Add(bound);
        return command.With(async run =>
        {
            var all = run.Value(Everything);
            var filter = FilterFrom(run);
            if (filter.Types.IsEmpty && !run.Value(IncludeInfra)) filter = filter with { ExcludeTypes = InfrastructureTypes };
            // beads keeps its infrastructure issues among the wisps, so --include-infra brings both.
            if (run.Value(IncludeInfra) || run.Value(IncludeEphemeral)) filter = filter with { Ephemeral = EphemeralIssues.Include };
            var list = new ListIssues(await run.Rig(), filter)
            {
                Sort = run.Value(sort)!, Reverse = run.Value(Reverse), Limit = all ? 0 : run.Value(limit),
            };
            PrintSummaries(run, (await run.Send<IssueSummaries>(list)).Issues, "No issues found.",
                asTree: run.Value(Tree) && !run.Value(Flat));
        });
    }

    /// <summary>beads' children: list --parent ID --status all, closed children included.</summary>
    private static Command Children()
    {
        var parent = new Argument<string>("parent-id") { Description = "The parent issue" };
        var command = new Command("children", "List an issue's children, closed ones included") { parent };
        return command.With(async run =>
        {
            var id = run.Value(parent)!;
            var rig = await run.Rig([id]);
            var resolved = (await run.Send<ResolvedId>(new ResolveId(rig, id))).Id;
            var list = new ListIssues(rig, IssueFilter.Any with { Parent = resolved, IncludeClosed = true, Ephemeral = EphemeralIssues.Include }) { Limit = 0 };
            PrintSummaries(run, (await run.Send<IssueSummaries>(list)).Issues, $"No children of {resolved}");
        });
    }

    private static readonly Option<bool> Wait = Flags.Switch("--wait",
        "With --claim: when nothing is ready, wait at the rig until something is, then claim it");
    private static readonly Option<string?> WaitTimeout = Flags.Text("--timeout",
        "With --wait: give up after this long (45s, 10m, 2h) and print nothing claimed; without it, wait until work comes");

    /// <summary>
    /// How long one waiting request stays at the rig: under bd's own answer timeout, so that a long --wait is a line of
    /// requests, each answered in time (nothing claimed, or the claim).
    /// </summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(60);

    private static Command Ready()
    {
        var limit = Limit(100);
        var sort = Sort(string.Join(", ", IssueSorts.ForReady), "-s");
        var command = new Command("ready", "Open work with nothing blocking it")
        {
            limit, Priority, Assignee, Unassigned, sort, Labels, LabelsAny, ExcludeLabels, Types, Parent, Claim, Wait, WaitTimeout,
        };
        return command.With(async run =>
        {
            if (run.Value(Wait) && !run.Value(Claim)) throw CliException.Usage("--wait waits to claim: use it with --claim (bd ready --claim --wait)");
            if (run.Value(WaitTimeout) is not null && !run.Value(Wait)) throw CliException.Usage("--timeout is how long --wait waits: use it with --claim --wait");
            var timeout = run.Value(WaitTimeout) is { } typed ? WhenText.Span("--timeout", typed) : (TimeSpan?)null;
            var ready = new GetReadyWork(await run.Rig(), FilterFrom(run) with
            {
                Statuses = [], UnassignedOnly = run.Value(Unassigned) || run.Value(Claim),
            })
            {
                Sort = run.Value(sort)!, Limit = run.Value(Claim) ? 0 : run.Value(limit),
            };
            if (run.Value(Claim))
                return await ClaimReady(run, ready, run.Value(Wait) ? timeout ?? Timeout.InfiniteTimeSpan : TimeSpan.Zero);
            var issues = (await run.Send<IssueSummaries>(ready)).Issues;
            PrintSummaries(run, issues, "No ready work", $"Ready work ({issues.Count} issues with no blockers):");
            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// The rig claims the first ready issue nobody holds, in one step (no race with other agents); with a wait, it
    /// keeps the request until work comes, slice after slice until <paramref name="wait"/> is over (infinite: forever).
    /// </summary>
    private static async Task<int> ClaimReady(Invocation run, GetReadyWork ready, TimeSpan wait)
    {
        var until = wait == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : DateTimeOffset.UtcNow + wait;
        while (true)
        {
            var left = until == DateTimeOffset.MaxValue ? WaitSlice : until - DateTimeOffset.UtcNow;
            var slice = left <= TimeSpan.Zero ? TimeSpan.Zero : left < WaitSlice ? left : WaitSlice;
            var claimed = (await run.Send<IssueSummaries>(new ClaimReadyWork(ready.Rig, run.Actor, ready) { Wait = slice })).Issues;
            if (claimed.Count > 0)
            {
                var issue = claimed[0].Issue;
                run.Print(new ListOutput<Issue>([issue], BeadsJson.Issue,
                    (text, _) => text.WriteLine($"{Terminal.Green("✓")} Claimed {Terminal.Bold(issue.Id)}: {issue.Title}")));
                return ExitCodes.Ok;
            }
            if (slice == TimeSpan.Zero || DateTimeOffset.UtcNow >= until) break;
        }
        run.Print(new ListOutput<Issue>([], BeadsJson.Issue,
            (text, _) => text.WriteLine(wait == TimeSpan.Zero ? "No ready work to claim" : $"No ready work to claim within {run.Value(WaitTimeout)}")));
        return ExitCodes.Ok;
    }

    private static Command Blocked()
    {
        var command = new Command("blocked", "Issues that cannot start, and what blocks them") { Parent };
        return command.With(async run =>
        {
            var blocked = (await run.Send<BlockedListResult>(new GetBlockedIssues(await run.Rig(), IssueFilter.Any with { Parent = run.Value(Parent) }))).Issues;
            run.Print(new ListOutput<BlockedIssue>(blocked, BeadsJson.Blocked, (text, all) =>
            {
                if (all.Count == 0) text.WriteLine("No blocked issues");
                foreach (var b in all)
                    text.WriteLine($"{Terminal.Bold(b.Issue.Id)} [{Terminal.Priority(b.Issue.Priority)}] {b.Issue.Title} {Terminal.Dim("— blocked by")} {string.Join(", ", b.BlockedBy)}");
            }));
        });
    }

    private static Command Search()
    {
        var words = new Argument<string[]>("query") { Arity = ArgumentArity.ZeroOrMore, Description = "Text to find in ids, titles and descriptions (the words, joined by spaces)" };
        var query = Flags.Text("--query", "The text to find, when not given as words");
        var limit = Limit(50);
        var sort = Sort(string.Join(", ", IssueSorts.ForList));
        var command = new Command("search", "Find issues by text (closed ones included)")
        {
            words, query, Statuses, Types, Assignee, NoAssignee, Labels, LabelsAny, DescriptionContains, limit, sort, Reverse,
        };
        foreach (var bound in DateBounds) command.Options.Add(bound);
        return command.With(async run =>
        {
            var text = run.Value(words) is { Length: > 0 } given ? string.Join(' ', given) : run.Value(query);
            if (string.IsNullOrWhiteSpace(text)) throw CliException.Usage("search query is required: bd search \"login timeout\" (or --query)");
            var search = new ListIssues(await run.Rig(), FilterFrom(run) with { Text = text, IncludeClosed = true })
            {
                Limit = run.Value(limit), Sort = run.Value(sort)!, Reverse = run.Value(Reverse),
            };
            PrintSummaries(run, (await run.Send<IssueSummaries>(search)).Issues, "No issues found");
        });
    }

    private static Command Query()
    {
        var words = new Argument<string[]>("expression")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "beads' query language: field=value (!=, <, <=, >, >=; a,b for any of them) joined by AND, OR, NOT and (...): " +
                          "status=open AND priority<2, label=urgent OR assignee=none, updated>7d, ephemeral=true",
        };
        var limit = Limit(50);
        var sort = Sort(string.Join(", ", IssueSorts.ForList));
        var all = Flags.Switch("--all", "Include closed issues (also when the expression names a status)", "-a");
        var command = new Command("query", "Find issues with beads' query language") { words, limit, all, sort, Reverse };
        return command.With(async run =>
        {
            var expression = string.Join(' ', run.Value(words) ?? []);
            if (string.IsNullOrWhiteSpace(expression))
                throw CliException.Usage("query expression is required: bd query \"status=open AND priority<2\"");
            var query = new QueryIssues(await run.Rig(), expression)
            {
                All = run.Value(all), Limit = run.Value(limit), Sort = run.Value(sort)!, Reverse = run.Value(Reverse),
            };
            PrintSummaries(run, (await run.Send<IssueSummaries>(query)).Issues, $"No issues found matching query: {expression}");
        });
    }

    /// <summary>beads' lint: exit 1 when an issue lacks a section its type asks for, so that CI can hold a line.</summary>
    private static Command Lint()
    {
        var ids = new Argument<string[]>("ids") { Arity = ArgumentArity.ZeroOrMore, Description = "Issues to check (default: every open one)" };
        var status = Flags.Text("--status", "Check issues of this status instead of open ones ('all' for every one)", "-s");
        var type = Flags.Text("--type", "Check only issues of this type", "-t");
        var command = new Command("lint", "Issues missing the sections their type asks for (a bug's steps to reproduce, acceptance criteria, ...)")
        {
            ids, status, type,
        };
        return command.With(async run =>
        {
            string[] named = run.Value(ids) ?? [];
            var report = await run.Send<LintReport>(new LintIssues(await run.Rig(named), [.. named])
            {
                Status = run.Value(status), Type = run.Value(type),
            });
            run.Print(new LintOutput(report));
            return report.Findings.IsEmpty ? ExitCodes.Ok : ExitCodes.Refused;
        });
    }

    /// <summary>The groups bd count may split its total into, each a --by-NAME flag.</summary>
    private static readonly ImmutableArray<string> CountGroups = ["status", "priority", "type", "assignee", "label"];

    /// <summary>beads' count: list's filters over every status (closed too unless --status says), no limit.</summary>
    private static Command Count()
    {
        var byGroup = CountGroups.Select(group => Flags.Switch($"--by-{group}", $"Count by {group}")).ToList();
        var command = new Command("count", "Count the issues matching list's filters (every status unless --status), or by status, priority, type, assignee or label")
        {
            Statuses, Assignee, NoAssignee, Types, Labels, LabelsAny, Priority, PriorityMin, PriorityMax, Ids, Title, TitleContains,
            DescriptionContains, NotesContains, EmptyDescription, NoLabels,
        };
        foreach (var bound in DateBounds) command.Options.Add(bound);
        foreach (var flag in byGroup) command.Options.Add(flag);
        return command.With(async run =>
        {
            var groups = CountGroups.Where((_, i) => run.Value(byGroup[i])).ToList();
            if (groups.Count > 1) throw CliException.Usage($"only one --by-* flag can be specified (got --by-{string.Join(" and --by-", groups)})");
            var filter = FilterFrom(run);
            var count = new CountIssues(await run.Rig(), filter with { IncludeClosed = true }) { GroupBy = groups.FirstOrDefault() };
            run.Print(new CountOutput(await run.Send<IssueCounts>(count), grouped: count.GroupBy is not null));
        });
    }

    private static Command Stale()
    {
        var days = new Option<int>("--days", "-d") { Description = "Issues not updated in this many days", DefaultValueFactory = _ => 30 };
        var status = Flags.Text("--status", "Only this status (open, in_progress, blocked or deferred; default open and in_progress)", "-s");
        var limit = Limit(50);
        var command = new Command("stale", "Open and in-progress issues nobody has updated for a while (--days, 30 by default)") { days, status, limit };
        return command.With(async run =>
        {
            var stale = new GetStaleIssues(await run.Rig(), run.Value(days)) { Status = run.Value(status), Limit = run.Value(limit) };
            var issues = (await run.Send<IssueSummaries>(stale)).Issues;
            run.Print(new StaleOutput(issues, stale.Days, DateTimeOffset.UtcNow));
        });
    }

    private static Command Stats()
    {
        var command = new Command("stats", "Counts by status, blocked and ready work");
        command.Aliases.Add("status");
        return command.With(async run =>
        {
            var stats = await run.Send<StatsResult>(new GetStats(await run.Rig()));
            run.Print(new StatsOutput(BeadsJson.SchemaVersion, stats.Summary, stats.Sync is { } figures ? SyncStatsOutput.Of(figures) : null,
                stats.Rig));
        });
    }

    private static void PrintSummaries(Invocation run, IReadOnlyList<IssueSummary> issues, string none, string? heading = null,
        bool asTree = false) =>
        run.Print(new ListOutput<IssueSummary>(issues, BeadsJson.Summary, (text, all) =>
        {
            if (all.Count == 0)
            {
                text.WriteLine(none);
                return;
            }
            if (heading is not null) text.WriteLine(Terminal.Bold(heading));
            var listed = all.Select(i => i.Issue).ToList();
            Terminal.Table(text, asTree ? IssueTree.Nest(listed) : [.. listed.Select(issue => (issue, 0))]);
        }));
}
