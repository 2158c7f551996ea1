using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Beads.Protocol;
using static Beads.Actors.Domain.Vocabulary;

namespace Beads.Actors.Domain;

/// <summary>
/// bd doctor's data checks, as beads makes them: live issues that say the same thing (same title, description,
/// design, acceptance criteria and status), links to issues the rig does not have, and issues that look like tests
/// left behind (beads' scoring: a test-like title, a bare numbered id, no description, many created in one minute).
/// </summary>
public static partial class RigDiagnostics
{
    /// <summary>The score from which an issue counts as a likely test issue, and from which beads is sure of it.</summary>
    public const double SuspectScore = 0.7, CertainScore = 0.9;

    public static RigDiagnosis Diagnose(RigState state)
    {
        var kept = state.Issues.Values.Where(issue => !IssueFlags.IsEphemeral(issue)).ToList();
        var duplicates = kept
            .Where(issue => issue.Status != Statuses.Closed)
            .GroupBy(issue => (issue.Title, issue.Description ?? "", issue.Design ?? "", issue.AcceptanceCriteria ?? "", issue.Status))
            .Where(group => group.Count() > 1)
            .Select(group => group.Select(issue => issue.Id).Order(StringComparer.Ordinal).ToImmutableList())
            .OrderBy(group => group[0], StringComparer.Ordinal)
            .ToImmutableList();
        var orphans = state.Issues.Values
            .SelectMany(issue => issue.Dependencies)
            .Where(edge => !ExternalReference.Is(edge.DependsOnId) && !state.Issues.ContainsKey(edge.DependsOnId))
            .Select(edge => new OrphanedLink(edge.IssueId, edge.DependsOnId, edge.Type))
            .OrderBy(link => link.IssueId, StringComparer.Ordinal).ThenBy(link => link.DependsOnId, StringComparer.Ordinal)
            .ToImmutableList();
        var perMinute = kept.GroupBy(MinuteOf).ToDictionary(group => group.Key, group => group.Count());
        var suspects = kept
            .Select(issue => Suspicion(issue, perMinute[MinuteOf(issue)]))
            .Where(suspect => suspect.Score >= SuspectScore)
            .OrderByDescending(suspect => suspect.Score).ThenBy(suspect => suspect.Id, StringComparer.Ordinal)
            .ToImmutableList();
        return new RigDiagnosis(duplicates, orphans, suspects);
    }

    private static long MinuteOf(Issue issue) => issue.CreatedAt.ToUnixTimeSeconds() / 60;

    private static PollutionSuspect Suspicion(Issue issue, int createdThatMinute)
    {
        var score = 0.0;
        var reasons = ImmutableList.CreateBuilder<string>();
        void Count(bool holds, double weight, string reason)
        {
            if (!holds) return;
            score += weight;
            reasons.Add(reason);
        }
        var title = issue.Title.ToLowerInvariant();
        var description = issue.Description ?? "";
        Count(TestPrefix().IsMatch(title), 0.7, "Title starts with test prefix");
        Count(NumberedId().IsMatch(issue.Id) && description.Length < 20, 0.4, "Sequential ID with minimal description");
        Count(description.Trim().Length == 0, 0.2, "No description");
        Count(description.Trim().Length > 0 && description.Length < 20, 0.1, "Very short description");
        Count(createdThatMinute >= 10, 0.3, $"Created with {createdThatMinute - 1} other issues in same minute");
        Count(title.Contains("issue for testing") || title.Contains("test issue") || title.Contains("sample issue"), 0.5, "Generic test title");
        return new PollutionSuspect(issue.Id, issue.Title, Math.Round(score, 2), reasons.ToImmutable(), issue.CreatedAt);
    }

    [GeneratedRegex(@"^(test|benchmark|sample|tmp|temp|debug|dummy)[-_\s]")]
    private static partial Regex TestPrefix();

    [GeneratedRegex(@"^[a-z]+-\d+$")]
    private static partial Regex NumberedId();
}
