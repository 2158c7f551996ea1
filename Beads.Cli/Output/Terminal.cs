using System.Text;
using Beads.Protocol;

namespace Beads.Cli.Output;

/// <summary>Human output: aligned columns, colour on a terminal, plain text when piped or when NO_COLOR is set.</summary>
public static class Terminal
{
    private static readonly bool Colour =
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    public static string Bold(string text) => Paint(text, "1");
    public static string Dim(string text) => Paint(text, "2");
    public static string Green(string text) => Paint(text, "32");
    public static string Red(string text) => Paint(text, "31");
    public static string Yellow(string text) => Paint(text, "33");
    public static string Cyan(string text) => Paint(text, "36");

    public static string Priority(int priority)
    {
        var text = $"P{priority}";
        return priority switch { 0 => Red(text), 1 => Yellow(text), _ => text };
    }

    public static string Status(string status) => status switch
    {
        "open" => Green(status),
        "in_progress" => Cyan(status),
        "blocked" => Red(status),
        "closed" or "tombstone" => Dim(status),
        _ => Yellow(status),
    };

    /// <summary>
    /// One line per issue: id, priority, type, status, assignee, title, aligned on the plain widths; an issue at a depth
    /// (a child listed under its parent) has its title indented under the parent's.
    /// </summary>
    public static void Table(TextWriter text, IReadOnlyList<(Issue Issue, int Depth)> issues)
    {
        var rows = issues.Select(row =>
        {
            var (i, depth) = row;
            var title = depth == 0 ? i.Title : $"{new string(' ', 2 * (depth - 1))}└─ {i.Title}";
            return new (string Plain, string Shown)[]
            {
                (i.Id, Bold(i.Id)), ($"P{i.Priority}", Priority(i.Priority)), (i.IssueType, i.IssueType),
                (i.Status, Status(i.Status)), (i.Assignee ?? "-", i.Assignee ?? Dim("-")), (title, title),
            };
        }).ToList();
        if (rows.Count == 0) return;
        var widths = ColumnWidths(rows);
        var output = new StringBuilder();
        foreach (var row in rows) AppendRow(output, row, widths);
        text.Write(output.ToString());
    }

    /// <summary>The length of each column's longest plain text, over rows that all have the first row's columns.</summary>
    public static int[] ColumnWidths(IReadOnlyList<IReadOnlyList<(string Plain, string Shown)>> rows) =>
        [.. Enumerable.Range(0, rows[0].Count).Select(c => rows.Max(row => row[c].Plain.Length))];

    /// <summary>
    /// One line of an aligned table: each cell as shown, every cell but the last followed by spaces up to its
    /// column's width (measured on the plain text, as colour codes take no room) and two more.
    /// </summary>
    public static void AppendRow(StringBuilder output, IReadOnlyList<(string Plain, string Shown)> cells, IReadOnlyList<int> widths)
    {
        for (var c = 0; c < cells.Count; c++)
        {
            output.Append(cells[c].Shown);
            if (c < cells.Count - 1) output.Append(' ', widths[c] - cells[c].Plain.Length + 2);
        }
        output.Append('\n');
    }

    /// <summary>show --short: beads' one line, its status as a symbol, the type only when it stands out.</summary>
    public static string ShortLine(Issue issue)
    {
        var symbol = issue.Status switch
        {
            "open" => "○", "in_progress" => "◐", "blocked" => "●", "deferred" => "❄", "closed" => "✓", "pinned" => "📌", _ => "·",
        };
        var type = issue.IssueType is "epic" or "bug" ? $"[{issue.IssueType}] " : "";
        var line = $"{symbol} {issue.Id} P{issue.Priority} {type}{issue.Title}";
        return issue.Status == "closed" ? Dim(line) : line;
    }

    /// <summary>show's text; <paramref name="everything"/> (--long) adds the fields that are rarely set.</summary>
    public static void Details(TextWriter text, IssueDetails details, bool everything = false)
    {
        var issue = details.Issue;
        var output = new StringBuilder();
        output.Append($"{Bold(issue.Id)}: {issue.Title}\n");
        output.Append($"Status: {Status(issue.Status)}   Priority: {Priority(issue.Priority)}   Type: {issue.IssueType}\n");
        if (issue.Assignee is { } assignee) output.Append($"Assignee: {assignee}\n");
        output.Append($"Created: {RfcTimestamp.Format(issue.CreatedAt)}{(issue.CreatedBy is { } by ? $" by {by}" : "")}   Updated: {RfcTimestamp.Format(issue.UpdatedAt)}\n");
        if (issue.ClosedAt is { } closed) output.Append($"Closed: {RfcTimestamp.Format(closed)}{(issue.CloseReason is { } r ? $" ({r})" : "")}\n");
        if (issue.DueAt is { } due) output.Append($"Due: {RfcTimestamp.Format(due)}\n");
        if (issue.DeferUntil is { } deferred) output.Append($"Deferred until: {RfcTimestamp.Format(deferred)}\n");
        if (!issue.Labels.IsEmpty) output.Append($"Labels: {string.Join(", ", issue.Labels)}\n");
        if (everything)
        {
            void Field(string name, object? value)
            {
                if (value is not null and not "") output.Append($"{name}: {value}\n");
            }
            Field("Owner", issue.Owner);
            Field("Started", issue.StartedAt is { } started ? RfcTimestamp.Format(started) : null);
            Field("Estimate", issue.EstimatedMinutes is { } minutes ? $"{minutes} min" : null);
            Field("External ref", issue.ExternalRef);
            Field("Closed by session", issue.ClosedBySession);
            Field("Parent", details.Parent);
            Field("Metadata", issue.Metadata?.GetRawText());
        }
        Section(output, "Description", issue.Description);
        Section(output, "Design", issue.Design);
        Section(output, "Acceptance criteria", issue.AcceptanceCriteria);
        Section(output, "Notes", issue.Notes);
        Related(output, "Dependencies", details.Dependencies);
        Related(output, "Dependents", details.Dependents);
        if (!issue.Comments.IsEmpty)
        {
            output.Append($"\n{Bold("Comments")}\n");
            foreach (var comment in issue.Comments)
                output.Append($"  [{comment.Author} at {RfcTimestamp.Format(comment.CreatedAt)}] {comment.Text}\n");
        }
        text.Write(output.ToString());
    }

    private static void Section(StringBuilder output, string title, string? text)
    {
        if (!string.IsNullOrEmpty(text)) output.Append($"\n{Bold(title)}\n{text}\n");
    }

    private static void Related(StringBuilder output, string title, IReadOnlyCollection<RelatedIssue> related)
    {
        if (related.Count == 0) return;
        // "Dependencies (2)": the count as beads' dep_add script reads it.
        output.Append($"\n{Bold($"{title} ({related.Count})")}\n");
        foreach (var r in related)
            output.Append($"  {r.Issue.Id} [{r.DependencyType}] {Status(r.Issue.Status)} {r.Issue.Title}\n");
    }

    private static string Paint(string text, string code) => Colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
