using System.Text.Json;
using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>create, q, show, update (and its shortcuts assign, priority, tag), defer, undefer, rename, close, reopen, delete.</summary>
public static class IssueCommands
{
    public static IEnumerable<Command> All() =>
        [Create(), Quick(), Show(), Update(), Assign(), SetPriority(), Tag(), DeferIssues(), Undefer(), Heartbeat(), Reclaim(), Rename(), Close(), Reopen(), Delete()];

    private static readonly Argument<string?> TitleArgument = new("title") { Arity = ArgumentArity.ZeroOrOne, Description = "The issue's title" };
    private static readonly Argument<string[]> Ids = new("ids") { Arity = ArgumentArity.ZeroOrMore, Description = "Issue ids (a unique prefix is enough)" };

    private static readonly Option<string?> TitleOption = Flags.Text("--title", "The issue's title");
    private static readonly Option<string?> Type = Flags.Text("--type", "Issue type: bug, feature, task, epic, chore, ...", "-t");
    private static readonly Option<string?> Priority = Flags.Text("--priority", "0 (highest) to 4, or P0-P4", "-p");
    private static readonly Option<string?> Description = Flags.Text("--description", "Description (- reads standard input; beads' --body and -m/--message too)", "-d", "--body", "--message", "-m");
    private static readonly Option<string?> BodyFile = Flags.Text("--body-file", "Read the description from this file (- reads standard input)", "--description-file");
    private static readonly Option<string?> Design = Flags.Text("--design", "Design notes");
    private static readonly Option<string?> Acceptance = Flags.Text("--acceptance", "Acceptance criteria", "--acceptance-criteria");
    private static readonly Option<string?> Notes = Flags.Text("--notes", "Notes");
    private static readonly Option<string?> Assignee = Flags.Text("--assignee", "Who works on it", "-a");
    private static readonly Option<string[]> Labels = new("--labels", "-l", "--label") { Description = "Labels, comma separated", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> Parent = Flags.Text("--parent", "Parent issue: the new one becomes its child <parent>.N");
    private static readonly Option<string[]> Deps = new("--deps") { Description = "Dependencies as type:id,... (a bare id blocks the new issue; blocks:X means the new issue blocks X)" };
    private static readonly Option<string?> ExplicitId = Flags.Text("--id", "Use this id instead of a generated one");
    private static readonly Option<string?> ExternalRef = Flags.Text("--external-ref", "A reference elsewhere, such as gh-42");
    private static readonly Option<int?> Estimate = new("--estimate", "-e") { Description = "Estimated minutes" };
    private static readonly Option<string?> Due = Flags.Text("--due", "Due date: 2026-12-31, +2d, tomorrow, RFC 3339");
    private static readonly Option<string?> Defer = Flags.Text("--defer", "Hide from ready work until then (same formats as --due)");
    private static readonly Option<string?> Metadata = Flags.Text("--metadata", "Any JSON value");
    private static readonly Option<bool> Silent = Flags.Switch("--silent", "Print only the new id");
    private static readonly Option<bool> DryRun = Flags.Switch("--dry-run", "Check and show the issue without creating it");
    private static readonly Option<bool> Force = Flags.Switch("--force", "Keep an --id whose prefix is not this rig's");
    private static readonly Option<bool> Ephemeral = Flags.Switch("--ephemeral",
        "A wisp: kept out of the JSONL, exports and git, and out of list and ready unless asked for (its id reads <prefix>-wisp-<hash>)");
    private static readonly Option<string?> Repo = Flags.Text("--repo", "Create it in the rig of this folder (its .beads/) instead of this one's");

    private static Command Create()
    {
        var command = new Command("create", "Create an issue")
        {
            TitleArgument, TitleOption, Type, Priority, Description, BodyFile, Design, Acceptance, Notes, Assignee, Labels, Parent,
            Deps, ExplicitId, Force, Repo, ExternalRef, Estimate, Due, Defer, Metadata, Silent, DryRun, Ephemeral,
        };
        command.Aliases.Add("new");
        return command.With(async run =>
        {
            var issue = await CreateFrom(run);
            if (run.Value(Silent)) run.PrintPlain(issue.Id);
            else run.Print(new CreatedOutput(issue, run.Value(DryRun)));
        });
    }

    /// <summary>beads' <c>q</c>: create with the same flags, every word a part of the title, print only the id.</summary>
    private static Command Quick()
    {
        var words = new Argument<string[]>("title") { Arity = ArgumentArity.OneOrMore, Description = "The title: every word given" };
        var command = new Command("q", "Quick create: print only the new id")
        {
            words, Type, Priority, Description, Assignee, Labels, Parent, Deps,
        };
        return command.With(async run => run.PrintPlain((await CreateFrom(run, string.Join(' ', run.Value(words)!))).Id));
    }

    /// <summary>
    /// The title given as an argument or with --title (both only when they agree, as in beads), else a usage error.
    /// </summary>
    private static string TitleOf(Invocation run)
    {
        var (positional, flag) = (run.Value(TitleArgument), run.Value(TitleOption));
        if (positional is not null && flag is not null && positional != flag)
            throw CliException.Usage($"cannot specify different titles as both positional argument and --title flag: '{positional}' and '{flag}'");
        return positional ?? flag ?? throw CliException.Usage("title required: bd create \"Fix the login timeout\" [flags]");
    }

    private static async Task<Issue> CreateFrom(Invocation run, string? title = null)
    {
        title ??= TitleOf(run);
        var rig = run.Value(Repo) is { } repo ? run.RigAt(repo) : await run.Rig();
        if (run.Value(BodyFile) is not null && run.Value(Description) is not null)
            throw CliException.Usage("cannot specify both --body-file and --description: give the description one way");
        var create = new CreateIssue(rig, run.Actor, title)
        {
            Description = run.Value(BodyFile) is { } file ? Flags.TextFromFile("--body-file", file) : Flags.TextOrStdin(run.Value(Description)),
            Design = run.Value(Design),
            AcceptanceCriteria = run.Value(Acceptance),
            Notes = run.Value(Notes),
            IssueType = run.Value(Type),
            Priority = Flags.Priority(run.Value(Priority)),
            Assignee = run.Value(Assignee) is { Length: > 0 } assignee ? assignee : null, // beads: --assignee= is no assignee
            Labels = Flags.List(run.Value(Labels)),
            Dependencies = Flags.Dependencies(run.Value(Deps)),
            Parent = run.Value(Parent),
            ExplicitId = run.Value(ExplicitId),
            Force = run.Value(Force),
            ExternalRef = run.Value(ExternalRef),
            EstimatedMinutes = run.Value(Estimate),
            DueAt = Flags.When("--due", run.Value(Due)),
            DeferUntil = Flags.When("--defer", run.Value(Defer)),
            Metadata = run.Value(Metadata),
            DryRun = run.Value(DryRun),
            Ephemeral = run.Value(Ephemeral),
        };
        return (await run.Send<IssueResult>(create)).Issue;
    }

    private static Command Show()
    {
        // beads' --id, for an id that would look like a flag.
        var moreIds = new Option<string[]>("--id") { Description = "An issue id (repeatable), for one that begins with '-'" };
        var brief = Flags.Switch("--short", "One line per issue: status, id, priority, type, title");
        var everything = Flags.Switch("--long", "Every field, the rarely set ones too (owner, estimate, external ref, metadata, session)");
        var refs = Flags.Switch("--refs", "The issues that point at these, by the kind of link");
        var children = Flags.Switch("--children", "Only these issues' children");
        var command = new Command("show", "Show issues in full") { Ids, moreIds, brief, everything, refs, children };
        command.Aliases.Add("view");
        return command.With(async run =>
        {
            string[] ids = [.. run.Value(Ids)!, .. run.Value(moreIds) ?? []];
            if (ids.Length == 0)
                throw CliException.Usage("at least one issue ID is required: bd show <id> [<id> ...] (or --id <id>)");
            if (run.Value(refs) && run.Value(children)) throw CliException.Usage("give --refs or --children, not both");
            var shown = await run.Send<IssueDetailsResult>(new ShowIssues(await run.Rig(ids), [.. ids]));
            var details = new List<IssueDetails>();
            foreach (var issue in shown.Issues) details.Add(await CrossRigLinks.WithIssuesElsewhere(run, issue));
            if (run.Value(refs) || run.Value(children))
            {
                run.Print(new ReferencesOutput(details, childrenOnly: run.Value(children), run.Value(brief)));
                return;
            }
            run.Print(new ListOutput<IssueDetails>(details, BeadsJson.Details, (text, all) =>
            {
                for (var i = 0; i < all.Count; i++)
                {
                    if (run.Value(brief))
                    {
                        text.WriteLine(Terminal.ShortLine(all[i].Issue));
                        continue;
                    }
                    if (i > 0) text.WriteLine();
                    Terminal.Details(text, all[i], run.Value(everything));
                }
            }));
        });
    }

    private static readonly Option<string?> Status = Flags.Text("--status", "New status: open, in_progress, blocked, deferred, closed, ...", "-s");
    private static readonly Option<string?> AppendNotes = Flags.Text("--append-notes", "Add a line to the notes");
    private static readonly Option<string?> Owner = Flags.Text("--owner", "The human owner");
    private static readonly Option<bool> Claim = Flags.Switch("--claim", "Take the issue: assign it to yourself and start it, if nobody holds it");
    private static readonly Option<string[]> AddLabel = new("--add-label") { Description = "Labels to add" };
    private static readonly Option<string[]> RemoveLabel = new("--remove-label") { Description = "Labels to remove" };
    private static readonly Option<string[]> SetLabels = new("--set-labels")
    {
        Description = "Replace all labels with these (comma separated, repeatable; --set-labels= removes them all)",
    };
    private static readonly Option<string?> NewParent = Flags.Text("--parent", "Move the issue under this parent (\"\" removes its parent)");
    private static readonly Option<string[]> SetMetadata = new("--set-metadata")
    {
        Description = "Set a metadata key: key=value (the value as JSON when it is JSON, else text); repeatable",
    };
    private static readonly Option<string[]> UnsetMetadata = new("--unset-metadata") { Description = "Remove a metadata key; repeatable" };
    private static readonly Option<string?> Session = Flags.Text("--session",
        "The agent session making the change, recorded as closed_by_session when it closes the issue (default: CLAUDE_SESSION_ID)");
    private static readonly Option<string?> IfAssignee = Flags.Text("--if-assignee",
        "Only if the issue is still assigned to this actor (--if-assignee= : to nobody); else refused, nothing changed");
    private static readonly Option<string?> IfStatus = Flags.Text("--if-status", "Only if the issue still has this status; else refused, nothing changed");

    private static IssueExpectation? ExpectationOf(Invocation run) =>
        run.Value(IfAssignee) is null && run.Value(IfStatus) is null ? null : new IssueExpectation(run.Value(IfAssignee), run.Value(IfStatus));

    private static readonly Option<string?> UpdateTitle = Flags.Text("--title", "New title");
    private static readonly Option<string?> UpdateEstimate = Flags.Text("--estimate", "Estimated minutes (empty clears)", "-e");

    private static Command Update()
    {
        var command = new Command("update", "Change issues' fields, labels or status; --claim takes them")
        {
            Ids, UpdateTitle, Description, Design, Acceptance, Notes, AppendNotes, Status, Priority, Type, Assignee, Owner,
            ExternalRef, UpdateEstimate, Due, Defer, Metadata, SetMetadata, UnsetMetadata, Claim, AddLabel, RemoveLabel, SetLabels,
            NewParent, Session, IfAssignee, IfStatus,
        };
        return command.With(async run =>
        {
            var update = UpdateFrom(run);
            var claim = run.Value(Claim);
            var hasChanges = !update.Fields.IsEmpty || update.AppendNotes is not null || !update.AddLabels.IsEmpty
                             || !update.RemoveLabels.IsEmpty || update.SetLabels is not null || update.Parent is not null
                             || !update.SetMetadata.IsEmpty || !update.UnsetMetadata.IsEmpty;
            if (!claim && !hasChanges)
                throw CliException.Usage("no updates specified: pass a flag such as --status, --priority, --add-label or --claim");
            return await EachIssue(run, issue => $"Updated issue: {Terminal.Bold(issue.Id)} — {issue.Title}", async (rig, id) =>
            {
                var issue = claim ? (await run.Send<IssueResult>(new ClaimIssue(rig, run.Actor, id))).Issue : null;
                return hasChanges
                    ? (await run.Send<IssueResult>(update with { Rig = rig, Id = issue?.Id ?? id })).Issue
                    : issue!;
            });
        });
    }

    private static UpdateIssue UpdateFrom(Invocation run)
    {
        var fields = ImmutableDictionary.CreateBuilder<string, string>();
        void Set(string field, string? value)
        {
            if (value is not null) fields[field] = value;
        }
        Set("title", run.Value(UpdateTitle));
        Set("description", Flags.TextOrStdin(run.Value(Description)));
        Set("design", run.Value(Design));
        Set("acceptance_criteria", run.Value(Acceptance));
        Set("notes", run.Value(Notes));
        Set("status", run.Value(Status));
        Set("priority", Flags.Priority(run.Value(Priority))?.ToString(CultureInfo.InvariantCulture));
        Set("issue_type", run.Value(Type));
        Set("assignee", run.Value(Assignee));
        Set("owner", run.Value(Owner));
        Set("external_ref", run.Value(ExternalRef));
        Set("estimated_minutes", run.Value(UpdateEstimate));
        Set("due_at", Timestamp("--due", run.Value(Due)));
        Set("defer_until", Timestamp("--defer", run.Value(Defer)));
        Set("metadata", run.Value(Metadata));
        return new UpdateIssue("", run.Actor, "")
        {
            Fields = fields.ToImmutable(),
            AppendNotes = run.Value(AppendNotes),
            AddLabels = Flags.List(run.Value(AddLabel)),
            RemoveLabels = Flags.List(run.Value(RemoveLabel)),
            SetLabels = run.Given(SetLabels) ? Flags.List(run.Value(SetLabels)) : null,
            Session = SessionOf(run),
            Parent = run.Value(NewParent),
            SetMetadata = MetadataPairs(run.Value(SetMetadata) ?? []),
            UnsetMetadata = [.. run.Value(UnsetMetadata) ?? []],
            Expected = ExpectationOf(run),
        };
    }

    /// <summary>--set-metadata's key=value pairs; a key given twice takes its last value.</summary>
    private static ImmutableDictionary<string, string> MetadataPairs(string[] pairs) =>
        pairs.Aggregate(ImmutableDictionary<string, string>.Empty, (set, pair) => pair.Split('=', 2) is [{ Length: > 0 } key, var value]
            ? set.SetItem(key, value)
            : throw CliException.Usage($"--set-metadata '{pair}' is not key=value: write it as --set-metadata delegated_from=gt-1"));

    /// <summary>A date flag as the rig's RFC 3339 text; empty text clears the field.</summary>
    private static string? Timestamp(string flag, string? text) =>
        text is null ? null : text.Length == 0 ? "" : RfcTimestamp.Format(WhenText.Parse(flag, text, DateTimeOffset.UtcNow));

    private static Command Assign() => Shortcut("assign", ("name", "Who works on it"), "Assign an issue to someone (\"\" unassigns): bd update ID --assignee NAME",
        (update, name) => update with { Fields = update.Fields.SetItem("assignee", name) },
        (issue, name) => name.Length == 0 ? $"Unassigned {Feedback(issue)}" : $"Assigned {Feedback(issue)} to {name}");

    private static Command SetPriority() => Shortcut("priority", ("n", "0 (highest) to 4, or P0-P4"), "Set an issue's priority, 0 (highest) to 4: bd update ID --priority N",
        (update, n) => update with { Fields = update.Fields.SetItem("priority", Flags.Priority(n)!.Value.ToString(CultureInfo.InvariantCulture)) },
        (issue, _) => $"Set priority of {Feedback(issue)} to P{issue.Priority}");

    private static Command Tag() => Shortcut("tag", ("label", "The label to add"), "Add a label to an issue: bd update ID --add-label LABEL",
        (update, label) => update with { AddLabels = [label] },
        (issue, label) => $"Added label \"{label}\" to {Feedback(issue)}");

    private static string Feedback(Issue issue) => $"{Terminal.Bold(issue.Id)} — {issue.Title}";

    /// <summary>
    /// One of beads' shortcuts for a single-field update, <c>bd NAME ID VALUE</c>: the same request as the update it
    /// stands for, the issue after it as one JSON object as beads prints it.
    /// </summary>
    private static Command Shortcut(string name, (string Name, string Help) valueArgument, string description, Func<UpdateIssue, string, UpdateIssue> change,
        Func<Issue, string, string> done)
    {
        var id = new Argument<string>("id") { Description = "The issue (a unique prefix is enough)" };
        var value = new Argument<string>(valueArgument.Name) { Description = valueArgument.Help };
        var command = new Command(name, description) { id, value };
        return command.With(async run =>
        {
            var given = run.Value(value)!;
            var update = change(new UpdateIssue(await run.Rig([run.Value(id)!]), run.Actor, run.Value(id)!) { Session = SessionOf(run) }, given);
            var issue = (await run.Send<IssueResult>(update)).Issue;
            run.Print(new ChangedIssueOutput(issue, done(issue, given)));
        });
    }

    /// <summary>beads' defer: status deferred, out of ready work; with --until the rig opens it again by itself then.</summary>
    private static Command DeferIssues()
    {
        var until = Flags.Text("--until", "Open it again by itself then: +1h, tomorrow, 2026-12-31, RFC 3339");
        var command = new Command("defer", "Put issues on ice: out of ready work until undeferred, or until --until comes") { Ids, until };
        return command.With(run =>
        {
            var when = run.Value(until) is { } text ? WhenText.Parse("--until", text, DateTimeOffset.UtcNow) : (DateTimeOffset?)null;
            if (when < DateTimeOffset.UtcNow)
                run.Note($"! Defer date {RfcTimestamp.Format(when.Value)} is in the past: the issue is back in bd ready at once. Did you mean --until=+1h or --until=tomorrow?");
            var fields = ImmutableDictionary<string, string>.Empty.Add("status", "deferred");
            if (when is { } at) fields = fields.Add("defer_until", RfcTimestamp.Format(at));
            return EachIssue(run, issue => $"Deferred {Terminal.Bold(issue.Id)}{(issue.DeferUntil is { } back ? $" until {RfcTimestamp.Format(back)}" : "")}",
                async (rig, id) => (await run.Send<IssueResult>(new UpdateIssue(rig, run.Actor, id) { Fields = fields })).Issue);
        });
    }

    private static Command Undefer()
    {
        var command = new Command("undefer", "Bring deferred issues back: open, in ready work again") { Ids };
        return command.With(run => EachIssue(run, issue => $"Undeferred {Terminal.Bold(issue.Id)} (now open)", async (rig, id) =>
            (await run.Send<IssueResult>(new UndeferIssue(rig, run.Actor, id))).Issue));
    }

    /// <summary>beads 1.3's heartbeat: the holder keeps its claims, each lease running its whole length again from now.</summary>
    private static Command Heartbeat()
    {
        var command = new Command("heartbeat", "Renew the lease of your claims: a claim whose lease runs out (claim.lease, 5m unless set) goes back to ready work") { Ids };
        return command.With(run => EachIssue(run, LeaseLine, async (rig, id) => await run.Send<ClaimLeaseResult>(new RenewClaim(rig, run.Actor, id)),
            BeadsJson.Lease));
    }

    private static string LeaseLine(ClaimLeaseResult renewed) =>
        renewed.LeaseUntil is { } until
            ? $"Renewed {Terminal.Bold(renewed.Issue.Id)}: yours until {RfcTimestamp.Format(until)}"
            : $"{Terminal.Bold(renewed.Issue.Id)} is yours; this rig's claims have no lease (claim.lease is 0)";

    /// <summary>beads 1.3's reclaim: claims nobody has touched for a while go back to ready work.</summary>
    private static Command Reclaim()
    {
        var olderThan = new Option<string>("--older-than") { Description = "Claims with no change for this long: 30m, 2h, 1d", Required = true };
        var dryRun = Flags.Switch("--dry-run", "Name the claims that would go back, change nothing");
        var command = new Command("reclaim", "Put in-progress issues nobody has touched for --older-than back into ready work, unassigned") { olderThan, dryRun };
        return command.With(async run =>
        {
            var reclaim = new ReclaimIssues(await run.Rig(), run.Actor, WhenText.Span("--older-than", run.Value(olderThan)!)) { DryRun = run.Value(dryRun) };
            var released = (await run.Send<IssueSummaries>(reclaim)).Issues;
            run.Print(new ListOutput<IssueSummary>(released, BeadsJson.Summary, (text, all) =>
            {
                if (all.Count == 0) text.WriteLine($"No claims untouched for {run.Value(olderThan)}");
                foreach (var summary in all)
                    text.WriteLine($"{Terminal.Green("✓")} {(reclaim.DryRun ? "Would reclaim" : "Reclaimed")} {Terminal.Bold(summary.Issue.Id)} — {summary.Issue.Title}");
            }));
        });
    }

    private static Command Rename()
    {
        var oldId = new Argument<string>("old-id") { Description = "The issue (a unique prefix is enough)" };
        var newId = new Argument<string>("new-id") { Description = "Its new id: this rig's prefix, '-', then letters, digits, '.', '_' or '-'" };
        var command = new Command("rename", "Give an issue another id; the links and texts that name it follow") { oldId, newId };
        return command.With(async run =>
        {
            var from = run.Value(oldId)!;
            var renamed = (await run.Send<IssueResult>(new RenameIssue(await run.Rig([from]), run.Actor, from, run.Value(newId)!))).Issue;
            run.Print(new ChangedIssueOutput(renamed, $"Renamed {from} -> {Terminal.Bold(renamed.Id)}"));
        });
    }

    private static readonly Option<string?> Reason = Flags.Text("--reason", "Why", "-r");
    private static readonly Option<string[]> CloseReasons = new("--reason", "-r", "--resolution", "--comment", "-m")
    {
        Description = "Why: one for all the issues, or one per issue in order (repeat -r)",
    };
    private static readonly Option<string?> ReasonFile = Flags.Text("--reason-file", "Read the reason from this file (- reads standard input)");
    private static readonly Option<bool> CloseForce = Flags.Switch("--force", "Close even with open blockers or open children", "-f");

    private static Command Close()
    {
        var command = new Command("close", "Close issues") { Ids, CloseReasons, ReasonFile, CloseForce, Session, IfAssignee, IfStatus };
        command.Aliases.Add("done");
        return command.With(run =>
        {
            var reasons = ReasonsFor(run, run.Value(Ids)!.Length);
            var index = 0;
            return EachIssue(run, issue => $"Closed {Terminal.Bold(issue.Id)} — {issue.Title}: {issue.CloseReason}", async (rig, id) =>
            {
                var reason = reasons.Count == 1 ? reasons[0] : reasons.Count > 0 ? reasons[index++] : null;
                var close = new CloseIssue(rig, run.Actor, id, reason, run.Value(CloseForce)) { Session = SessionOf(run), Expected = ExpectationOf(run) };
                return (await run.Send<IssueResult>(close)).Issue;
            });
        });
    }

    /// <summary>
    /// The close reasons: --reason-file, or the -r values, one shared by every issue or one per issue in order, as
    /// beads takes them.
    /// </summary>
    private static IReadOnlyList<string> ReasonsFor(Invocation run, int issues)
    {
        if (run.Value(ReasonFile) is { } file)
        {
            if (run.Value(CloseReasons) is { Length: > 0 }) throw CliException.Usage("give the reason with --reason or --reason-file, not both");
            return [Flags.TextFromFile("--reason-file", file)];
        }
        var reasons = run.Value(CloseReasons) ?? [];
        if (reasons.Length > 1 && reasons.Length != issues)
            throw CliException.Usage($"got {reasons.Length} close reasons for {issues} issue IDs; provide exactly one shared reason or one reason per issue");
        return reasons;
    }

    /// <summary>--session, else the agent's own session (Claude Code sets CLAUDE_SESSION_ID), as beads finds it.</summary>
    private static string? SessionOf(Invocation run) =>
        run.Value(Session) ?? (Environment.GetEnvironmentVariable("CLAUDE_SESSION_ID") is { Length: > 0 } session ? session : null);

    private static Command Reopen()
    {
        var command = new Command("reopen", "Reopen closed issues") { Ids, Reason };
        return command.With(run => EachIssue(run, issue => $"Reopened {Terminal.Bold(issue.Id)}{(run.Value(Reason) is { Length: > 0 } why ? $": {why}" : "")}", async (rig, id) =>
            (await run.Send<IssueResult>(new ReopenIssue(rig, run.Actor, id, run.Value(Reason)))).Issue));
    }

    private static readonly Option<bool> DeleteForce = Flags.Switch("--force", "Delete: without it, bd delete only shows what would go", "-f");
    private static readonly Option<string?> FromFile = Flags.Text("--from-file", "Read the ids from this file, one per line (# starts a comment)");
    private static readonly Option<bool> Cascade = Flags.Switch("--cascade", "Also delete every issue that depends on these, however far down");
    private static readonly Option<bool> Hard = Flags.Switch("--hard", "Accepted for beads' clients: a delete is always permanent (the rig remembers the id, so an older copy is not imported back)");
    private static readonly Option<string?> DeleteReason = Flags.Text("--reason", "Why, kept in the audit trail");
    private static readonly Option<bool> DeleteDryRun = Flags.Switch("--dry-run", "Show what would be deleted, change nothing");

    private static Command Delete()
    {
        var command = new Command("delete", "Delete issues for good, with their dependency links (a preview unless --force)")
        {
            Ids, DeleteForce, FromFile, Cascade, Hard, DeleteReason, DeleteDryRun,
        };
        return command.With(async run =>
        {
            var typed = run.Value(Ids)!.Concat(run.Value(FromFile) is { } file ? IdsFromFile(file) : []).Distinct().ToList();
            if (typed.Count == 0) throw CliException.Usage("no issue IDs provided: bd delete <id> [<id> ...] --force, or --from-file FILE");
            var dryRun = run.Value(DeleteDryRun);
            var delete = new DeleteIssues(await run.Rig(typed), run.Actor, [.. typed], run.Value(Cascade), run.Value(DeleteForce) && !dryRun)
            {
                Reason = run.Value(DeleteReason),
            };
            run.Print(new DeletedOutput(await run.Send<DeleteResult>(delete), typed, delete.Cascade, dryRun));
        });
    }

    /// <summary>--from-file: one id per line; blank lines and lines starting with # are skipped, as beads reads it.</summary>
    private static IEnumerable<string> IdsFromFile(string file) =>
        Flags.TextFromFile("--from-file", file).Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));

    /// <summary>
    /// Applies one change to each id in turn. Failures are reported one by one and do not stop the others; the exit
    /// code is non-zero when any failed. JSON output is the array of issues changed, as beads prints it.
    /// </summary>
    private static Task<int> EachIssue(Invocation run, Func<Issue, string> done, Func<string, string, Task<Issue>> change) =>
        EachIssue(run, done, change, BeadsJson.Issue);

    /// <summary>
    /// Changes each id named in turn, printing a line per change; one refused is reported and the others still made
    /// (exit 1 then). The JSON is the array of answers.
    /// </summary>
    private static async Task<int> EachIssue<T>(Invocation run, Func<T, string> done, Func<string, string, Task<T>> change,
        Action<Utf8JsonWriter, T> json)
    {
        var ids = run.Value(Ids)!;
        if (ids.Length == 0)
            throw CliException.Usage($"no issue ID provided: bd {run.Parse.CommandResult.Command.Name} <id> [<id> ...]");
        var rig = await run.Rig(ids);
        var changed = new List<T>();
        var failure = ExitCodes.Ok;
        foreach (var id in ids)
        {
            try
            {
                var issue = await change(rig, id);
                changed.Add(issue);
                run.Progress($"{Terminal.Green("✓")} {done(issue)}");
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Refused)
            {
                ErrorReport.Print(e, run.Json);
                failure = e.ExitCode;
            }
        }
        run.Print(new ListOutput<T>(changed, json, (_, _) => { })); // the text was each issue's progress line
        return failure;
    }
}
