using System.Collections.Immutable;
using System.Text;
using Beads.Actors.Jsonl;
using Beads.Protocol;

namespace Beads.Actors.Domain;

public static partial class RigDecider
{
    /// <summary>
    /// A merge by id in which the newest updated_at wins, so that importing the same file twice, or an older export
    /// after newer work here, changes nothing. Issues come in as they are: beads' custom types and statuses, tombstones
    /// and unknown fields belong to the rig that wrote them and are not checked against this rig's settings.
    /// One event per issue taken keeps every journal row the size of one issue, however large the file.
    /// </summary>
    private static Result<Decision> Import(RigState state, ImportIssues command, DateTimeOffset now)
    {
        if (Unimportable(command.Issues) is { } refusal) return refusal;
        var events = ImmutableList.CreateBuilder<IRigEvent>();
        var skipped = ImmutableList.CreateBuilder<string>();
        var (created, updated, unchanged) = (0, 0, 0);
        // An id may come twice in one import: the later copy is weighed against the earlier one, not the rig's.
        var taken = new Dictionary<string, Issue>(StringComparer.Ordinal);
        foreach (var incoming in command.Issues)
        {
            var current = taken.GetValueOrDefault(incoming.Id) ?? state.Find(incoming.Id);
            if (current is null)
                created++;
            else if (incoming.UpdatedAt > current.UpdatedAt)
                updated++;
            else
            {
                if (incoming.UpdatedAt == current.UpdatedAt && JsonlWriter.Serialize(incoming).HasSameBytes(JsonlWriter.Serialize(current)))
                    unchanged++;
                else
                    skipped.Add(incoming.Id);
                continue;
            }
            taken[incoming.Id] = incoming;
            events.Add(new IssueImported(incoming, now, command.Actor));
        }
        var result = new ImportResult(created, updated, unchanged, skipped.ToImmutable());
        return new Decision(events.ToImmutable(), _ => result);
    }

    /// <summary>
    /// bd import: lines of a JSONL file, read here so that every client reports bad lines alike, by their number in the
    /// whole file. Lines that cannot be read stop the import unless the command says to skip them; a dry run counts
    /// what would happen. A chunk is at most a few hundred kilobytes (bd sends big files in pieces), a few milliseconds
    /// of reading.
    /// </summary>
    private static Result<Decision> ImportLines(RigState state, ImportJsonl command, DateTimeOffset now)
    {
        var read = JsonlReader.Read(Encoding.UTF8.GetBytes(command.Lines));
        ImmutableList<BadJsonlLine> badLines =
            [.. read.BadLines.Select(bad => new BadJsonlLine(bad.LineNumber + command.FirstLineNumber - 1, bad.Reason))];
        var others = read.OtherRecords.Count;
        if (!badLines.IsEmpty && !command.SkipBadLines && !command.DryRun)
            return Decision.Unchanged(new ImportResult(0, 0, 0, []) { BadLines = badLines, OtherRecords = others });
        var decided = Import(state, new ImportIssues(command.Rig, command.Actor, read.Issues), now);
        if (!decided.IsOk) return decided;
        var decision = decided.Value;
        return decision with
        {
            Reply = after => (ImportResult)decision.Reply(after) with
            {
                BadLines = badLines, OtherRecords = others, DryRun = command.DryRun,
            },
        };
    }

    /// <summary>The refusal for an import holding an issue that no rig could keep: one without an id or a title.</summary>
    private static Rejected? Unimportable(ImmutableList<Issue> issues)
    {
        for (var index = 0; index < issues.Count; index++)
        {
            var issue = issues[index];
            if (string.IsNullOrWhiteSpace(issue.Id))
                return IssueValidation.Invalid(
                    $"issue {index + 1} of the {issues.Count} to import has no id: give every issue its id; nothing was imported");
            if (string.IsNullOrWhiteSpace(issue.Title))
                return IssueValidation.Invalid(
                    $"issue {issue.Id} has no title: give it one before importing; nothing was imported");
        }
        return null;
    }
}
