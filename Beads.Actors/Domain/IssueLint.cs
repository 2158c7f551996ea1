using System.Collections.Immutable;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>
/// beads' <c>bd lint</c>: the sections each type of issue should have in its description (a bug its steps to
/// reproduce, a task its acceptance criteria, ...), found by their heading's words anywhere in the text, whatever the
/// case; the acceptance criteria field stands for an acceptance or success criteria section.
/// </summary>
public static class IssueLint
{
    private const string AcceptanceCriteria = "## Acceptance Criteria";
    private const string SuccessCriteria = "## Success Criteria";

    public static ImmutableArray<string> RequiredSections(string type) => type switch
    {
        "bug" => ["## Steps to Reproduce", AcceptanceCriteria],
        Types.Task or "feature" or "story" => [AcceptanceCriteria],
        Types.Epic => [SuccessCriteria],
        "decision" => ["## Decision", "## Rationale", "## Alternatives Considered"],
        "spike" => ["## Goal", "## Findings"],
        _ => [],
    };

    /// <summary>The required sections <paramref name="issue"/> lacks, in the order its type lists them.</summary>
    public static ImmutableList<string> Missing(Issue issue)
    {
        var text = $"{issue.Description}\n{issue.AcceptanceCriteria}";
        return
        [
            .. RequiredSections(issue.IssueType).Where(section =>
                !text.Contains(section.TrimStart('#', ' '), StringComparison.OrdinalIgnoreCase)
                && !(section is AcceptanceCriteria or SuccessCriteria && !string.IsNullOrWhiteSpace(issue.AcceptanceCriteria))),
        ];
    }

    /// <summary>The issues asked for (by id, else by status and type: open ones unless told otherwise) that lack a section.</summary>
    public static Result<LintReport> Check(RigState state, LintIssues query)
    {
        IEnumerable<Issue> issues;
        if (!query.Ids.IsEmpty)
        {
            var named = new List<Issue>();
            foreach (var typed in query.Ids)
            {
                var id = IdResolution.Resolve(state, typed);
                if (!id.IsOk) return id.Error!;
                named.Add(state.Issues[id.Value]);
            }
            issues = named;
        }
        else
        {
            var status = query.Status ?? Statuses.Open;
            issues = state.Issues.Values.Where(issue =>
                (status == "all" || issue.Status == status) && (query.Type is null || issue.IssueType == Types.Normalize(query.Type))
                && !IssueFlags.IsEphemeral(issue));
        }
        var checkedIssues = issues.OrderBy(issue => issue.Id, StringComparer.Ordinal).ToList();
        var findings = checkedIssues
            .Select(issue => (Issue: issue, Missing: Missing(issue)))
            .Where(found => !found.Missing.IsEmpty)
            .Select(found => new LintFinding(found.Issue.Id, found.Issue.Title, found.Issue.IssueType, found.Missing))
            .ToImmutableList();
        return new LintReport(checkedIssues.Count, findings);
    }
}
