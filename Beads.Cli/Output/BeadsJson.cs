using System.Text.Encodings.Web;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Cli.Output;

/// <summary>
/// Writes the JSON shapes beads' <c>--json</c> prints: issue fields in beads' order, empty values left out (Go's
/// omitempty), timestamps in RFC 3339, the counts and relations each command adds, objects with a schema_version.
/// </summary>
public static class BeadsJson
{
    public const int SchemaVersion = 1;

    private const string BlocksEdge = "blocks";

    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON document to standard output, followed by a newline.</summary>
    public static void Print(Action<Utf8JsonWriter> write) => Write(Console.OpenStandardOutput(), write);

    public static void Write(Stream stream, Action<Utf8JsonWriter> write)
    {
        using (var writer = new Utf8JsonWriter(stream, Indented))
        {
            write(writer);
        }
        stream.Write("\n"u8);
        stream.Flush();
    }

    public static void Array<T>(Utf8JsonWriter writer, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        writer.WriteStartArray();
        foreach (var item in items) write(writer, item);
        writer.WriteEndArray();
    }

    /// <summary>
    /// An issue as update, close, reopen and claim print it, as beads' store gives it back after the change: its fields
    /// and labels. Its edges and comments are bd show's (beads' clients read the edges there, as linked issues).
    /// </summary>
    public static void Issue(Utf8JsonWriter writer, Issue issue) => IssueObject(writer, AsChanged(issue), withRelations: true);

    private static Issue AsChanged(Issue issue) => issue with { Dependencies = [], Comments = [] };

    /// <summary>One issue object: its fields, then whatever the command adds after them.</summary>
    public static void IssueObject(Utf8JsonWriter writer, Issue issue, bool withRelations, Action<Utf8JsonWriter>? more = null)
    {
        writer.WriteStartObject();
        IssueJsonWriter.WriteFields(writer, issue, withRelations);
        more?.Invoke(writer);
        writer.WriteEndObject();
    }

    /// <summary>dep tree: the issue without its relations, then its depth, the edge that led to it and the node above it.</summary>
    public static void TreeNode(Utf8JsonWriter writer, TreeNode node) =>
        IssueObject(writer, node.Issue, withRelations: false, more =>
        {
            more.WriteNumber("depth", node.Depth);
            if (node.DependencyType is { } edge) more.WriteString("dependency_type", edge);
            if (node.ParentId is { } above) more.WriteString("parent_id", above);
        });

    /// <summary>heartbeat: the claimed issue as update prints it, then when its lease now runs out (null: no lease).</summary>
    public static void Lease(Utf8JsonWriter writer, ClaimLeaseResult renewed) =>
        IssueObject(writer, AsChanged(renewed.Issue), withRelations: true, w =>
        {
            if (renewed.LeaseUntil is { } until) w.WriteString("lease_expires_at", RfcTimestamp.Format(until));
            else w.WriteNull("lease_expires_at");
        });

    /// <summary>create's answer: the new issue as one object, with beads' schema_version.</summary>
    public static void CreatedIssue(Utf8JsonWriter writer, Issue issue) =>
        IssueObject(writer, AsChanged(issue), withRelations: true, w => w.WriteNumber("schema_version", SchemaVersion));

    /// <summary>list and ready: the issue, then its blocks-edge counts, comment count and parent.</summary>
    public static void Summary(Utf8JsonWriter writer, IssueSummary summary) =>
        IssueObject(writer, summary.Issue with { Comments = [] }, withRelations: true, w =>
        {
            w.WriteNumber("dependency_count", summary.DependencyCount);
            w.WriteNumber("dependent_count", summary.DependentCount);
            w.WriteNumber("comment_count", summary.CommentCount);
            if (summary.Parent is { } parent) w.WriteString("parent", parent);
        });

    /// <summary>An issue seen through an edge: its fields, then the edge's type.</summary>
    public static void Related(Utf8JsonWriter writer, RelatedIssue related) =>
        IssueObject(writer, related.Issue, withRelations: false, w => w.WriteString("dependency_type", related.DependencyType));

    /// <summary>show: the issue, then the issues it depends on and that depend on it, in full, with the edge type.</summary>
    public static void Details(Utf8JsonWriter writer, IssueDetails details)
    {
        var issue = details.Issue;
        writer.WriteStartObject();
        IssueJsonWriter.WriteFields(writer, issue, withRelations: false);
        StringArray(writer, "labels", issue.Labels);
        RelatedArray(writer, "dependencies", details.Dependencies);
        RelatedArray(writer, "dependents", details.Dependents);
        if (!issue.Comments.IsEmpty)
        {
            writer.WritePropertyName("comments");
            Array(writer, issue.Comments, IssueJsonWriter.WriteComment);
        }
        if (details.Parent is { } parent) writer.WriteString("parent", parent);
        // As list counts them, and as beads counts them in both: blocking edges only (the arrays carry every edge).
        writer.WriteNumber("dependent_count", details.Dependents.Count(related => related.DependencyType == BlocksEdge));
        writer.WriteNumber("dependency_count", details.Dependencies.Count(related => related.DependencyType == BlocksEdge));
        writer.WriteNumber("comment_count", issue.Comments.Count);
        writer.WriteEndObject();
    }

    public static void Blocked(Utf8JsonWriter writer, BlockedIssue blocked) =>
        IssueObject(writer, blocked.Issue, withRelations: true, w =>
        {
            w.WriteNumber("blocked_by_count", blocked.BlockedBy.Count);
            StringArray(w, "blocked_by", blocked.BlockedBy, evenWhenEmpty: true);
        });

    private static void RelatedArray(Utf8JsonWriter writer, string name, IReadOnlyCollection<RelatedIssue> related)
    {
        if (related.Count == 0) return;
        writer.WritePropertyName(name);
        Array(writer, related, Related);
    }

    /// <summary>A property holding an array of strings; left out when empty unless <paramref name="evenWhenEmpty"/>.</summary>
    public static void StringArray(Utf8JsonWriter writer, string name, IReadOnlyCollection<string> values, bool evenWhenEmpty = false)
    {
        if (values.Count == 0 && !evenWhenEmpty) return;
        writer.WritePropertyName(name);
        StringArray(writer, values);
    }

    /// <summary>An array of strings.</summary>
    public static void StringArray(Utf8JsonWriter writer, IEnumerable<string> values) =>
        Array(writer, values, (w, value) => w.WriteStringValue(value));
}
