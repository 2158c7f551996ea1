using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beads.Protocol;

/// <summary>
/// One issue, shaped as beads exports it: snake_case names, absent fields omitted, priority always present.
/// It is both the wire shape the CLI prints and the entity the rig keeps in memory, so the two can never drift.
/// </summary>
public sealed record Issue
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? Design { get; init; }
    public string? AcceptanceCriteria { get; init; }
    public string? Notes { get; init; }
    public required string Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Priority { get; init; } = IssueDefaults.Priority;

    public required string IssueType { get; init; }
    public string? Assignee { get; init; }
    public string? Owner { get; init; }
    public int? EstimatedMinutes { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? CloseReason { get; init; }
    /// <summary>The agent session that closed the issue (<c>bd close --session</c>), as beads records it.</summary>
    public string? ClosedBySession { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? DeferUntil { get; init; }
    public string? ExternalRef { get; init; }
    public JsonElement? Metadata { get; init; }
    public ImmutableList<string> Labels { get; init; } = [];
    public ImmutableList<Dependency> Dependencies { get; init; } = [];
    public ImmutableList<Comment> Comments { get; init; } = [];

    /// <summary>
    /// Every field this version does not know, kept verbatim so that a beads export survives a round trip.
    /// Never mutated after deserialisation: System.Text.Json's source generator accepts only a mutable dictionary
    /// with a setter here.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An edge: <see cref="IssueId"/> depends on <see cref="DependsOnId"/> in the way <see cref="Type"/> says.</summary>
public sealed record Dependency
{
    public required string IssueId { get; init; }
    public required string DependsOnId { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    /// <summary>Type-specific edge data as JSON text, such as a waits-for gate's <c>{"gate":"any-children"}</c>.</summary>
    public string? Metadata { get; init; }
    public string? ThreadId { get; init; }

    /// <summary>Fields this version does not know, kept verbatim (see <see cref="Issue.Extra"/>).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record Comment
{
    public required CommentId Id { get; init; }
    public string? IssueId { get; init; }
    public required string Author { get; init; }
    public required string Text { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Fields this version does not know, kept verbatim (see <see cref="Issue.Extra"/>).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public static class IssueDefaults
{
    public const int Priority = 2;
    public const int HighestPriority = 0;
    public const int LowestPriority = 4;
    public const string Status = "open";
    public const string Type = "task";
}
