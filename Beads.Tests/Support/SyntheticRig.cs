using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Beads.Protocol;

namespace Beads.Tests.Support;

/// <summary>
/// A deterministic, beads-like rig of any size, for tests and benchmarks that must run where the real export is absent.
/// The mix follows beads' own export (3,066 issues, 2.9 MB): mostly closed work and events, tombstones, custom types and
/// statuses, children under epics, blocks and parent-child edges (always toward earlier issues, so never a cycle),
/// labels, a few comments, multi-line markdown with unicode and HTML-like text, timestamps at -08:00 and UTC, and the
/// unknown fields beads writes. The same seed and size always give the same issues.
/// </summary>
public sealed class SyntheticRig
{
    private static readonly DateTimeOffset Start = new(2025, 10, 15, 8, 0, 0, TimeSpan.FromHours(-8));
    private static readonly TimeSpan Span = TimeSpan.FromDays(90);

    private static readonly (string Value, int Weight)[] Types =
        [("task", 48), ("event", 21), ("bug", 12), ("feature", 6), ("epic", 6), ("merge-request", 3), ("chore", 1),
         ("agent", 1), ("molecule", 1), ("message", 1)];
    private static readonly (string Value, int Weight)[] Statuses =
        [("closed", 76), ("tombstone", 11), ("open", 11), ("hooked", 1), ("in_progress", 1)];
    private static readonly (int Value, int Weight)[] Priorities = [(0, 5), (1, 25), (2, 45), (3, 15), (4, 10)];
    private static readonly string[] Labels = ["api", "cli", "storage", "sync", "perf", "docs", "ux", "tech-debt"];
    private static readonly string[] People = ["stevey", "alice@example.com", "beads/refinery", "agent-7", "Zoë"];
    private static readonly string[] Words =
    [
        "sync", "export", "daemon", "the", "issue", "flush", "JSONL", "import", "agents", "ready", "blocked", "parent",
        "naïve", "façade", "déjà-vu", "→", "✓", "日本語", "Ελληνικά", "🚀", "`bd ready`", "<T>", "a && b", "x < y",
        "\"quoted\"", "back\\slash", "tab\there", "should", "when", "workers", "write", "merge", "conflict", "hash",
    ];

    private readonly Random _random;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<Issue> _issues = [];
    private readonly Dictionary<string, int> _childCounts = new(StringComparer.Ordinal);
    private long _lastCommentNumber;

    private SyntheticRig(int seed) => _random = new Random(seed);

    public static ImmutableList<Issue> Generate(int count, int seed = 20260115)
    {
        var rig = new SyntheticRig(seed);
        for (var index = 0; index < count; index++)
            rig._issues.Add(rig.NextIssue(Start + Span * index / Math.Max(count, 1)));
        return [.. rig._issues];
    }

    private Issue NextIssue(DateTimeOffset around)
    {
        var type = Pick(Types);
        var status = Pick(Statuses);
        var parent = type != "epic" && Chance(0.25) ? RandomEarlier(i => i.IssueType == "epic") : null;
        var id = parent is null ? NewTopLevelId() : NewChildId(parent.Id);
        var created = Stamp(around);
        var updated = Stamp(created + TimeSpan.FromMinutes(_random.Next(1, 60 * 24 * 7)));
        var done = status == "closed";
        return new Issue
        {
            Id = id,
            Title = Sentence(3, 12).TrimEnd('.'),
            Description = Chance(0.72) ? Markdown() : null,
            Notes = Chance(0.04) ? Sentence(10, 40) : null,
            Status = status,
            Priority = Pick(Priorities),
            IssueType = type,
            Assignee = Chance(0.06) ? People[_random.Next(People.Length)] : null,
            Owner = Chance(0.17) ? "owner@example.com" : null,
            EstimatedMinutes = Chance(0.02) ? _random.Next(0, 480) : null,
            CreatedAt = created,
            CreatedBy = Chance(0.4) ? People[_random.Next(People.Length)] : null,
            UpdatedAt = updated,
            ClosedAt = done ? updated : null,
            CloseReason = done && Chance(0.5) ? Sentence(2, 10) : null,
            ExternalRef = Chance(0.005) ? $"gh-{_random.Next(1, 3000)}" : null,
            Metadata = Chance(0.01) ? Json($$"""{"files":["cmd/bd/{{_random.Next(99)}}.go"],"attempt":{{_random.Next(5)}}}""") : null,
            Labels = Chance(0.03) ? [.. Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Labels[_random.Next(Labels.Length)]).Distinct().Order(StringComparer.Ordinal)] : [],
            Dependencies = Dependencies(id, type, parent, created),
            Comments = Chance(0.01) ? [.. Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Comment(id, updated))] : [],
            Extra = Extra(type, status, updated),
        };
    }

    private ImmutableList<Dependency> Dependencies(string id, string type, Issue? parent, DateTimeOffset created)
    {
        var dependencies = ImmutableList.CreateBuilder<Dependency>();
        if (parent is not null) dependencies.Add(Edge(id, parent.Id, "parent-child", created));
        if (!Chance(0.2)) return dependencies.ToImmutable();
        var isEpic = type == "epic";
        // Edges point to earlier issues only, so the graph stays acyclic; epics block epics, tasks block tasks.
        var target = RandomEarlier(i => (i.IssueType == "epic") == isEpic && i.Id != parent?.Id);
        if (target is null) return dependencies.ToImmutable();
        var (edgeType, metadata) = _random.Next(10) switch
        {
            < 7 => ("blocks", null),
            7 => ("discovered-from", null),
            8 => ("related", "{}"),
            _ => ("waits-for", """{"gate":"all-children"}"""),
        };
        dependencies.Add(Edge(id, target.Id, edgeType, created) with { Metadata = metadata });
        return dependencies.ToImmutable();
    }

    private Dependency Edge(string from, string to, string type, DateTimeOffset created) => new()
    {
        IssueId = from, DependsOnId = to, Type = type, CreatedAt = Stamp(created + TimeSpan.FromMinutes(_random.Next(1, 90))),
        CreatedBy = People[_random.Next(People.Length)],
    };

    private Comment Comment(string issueId, DateTimeOffset around) => new()
    {
        Id = Chance(0.25) ? new CommentId($"019b{_random.Next():x8}-7c1d-7000-8000-{_random.NextInt64():x12}", false)
            : CommentId.FromNumber(++_lastCommentNumber),
        IssueId = issueId,
        Author = People[_random.Next(People.Length)],
        Text = Sentence(5, 30),
        CreatedAt = Stamp(around),
    };

    /// <summary>The fields beads writes that Beads keeps as unknown: wisp flags, and a tombstone's deletion record.</summary>
    private Dictionary<string, JsonElement>? Extra(string type, string status, DateTimeOffset updated)
    {
        var extra = new Dictionary<string, JsonElement>();
        if (type == "event" || Chance(0.01)) extra["ephemeral"] = Json("true");
        if (status == "tombstone")
        {
            extra["deleted_at"] = Json($"\"{updated.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture)}\"");
            extra["deleted_by"] = Json("\"batch delete\"");
            extra["delete_reason"] = Json("\"batch delete\"");
            extra["original_type"] = Json($"\"{type}\"");
        }
        if (type == "molecule" && Chance(0.5))
        {
            extra["await_type"] = Json("\"gh:pr\"");
            extra["timeout"] = Json("3600000000000");
        }
        return extra.Count == 0 ? null : extra;
    }

    /// <summary>A few paragraphs of the markdown agents write: headings, bullets, code; sized so that issues average ~940 bytes as in beads' export.</summary>
    private string Markdown()
    {
        var text = new StringBuilder(Sentence(12, 48));
        for (var section = _random.Next(0, 5); section > 0; section--)
        {
            text.Append("\n\n## ").Append(Sentence(1, 4).TrimEnd('.'));
            for (var bullet = _random.Next(1, 6); bullet > 0; bullet--)
                text.Append("\n- ").Append(Sentence(3, 14));
            if (Chance(0.3)) text.Append("\n\n```go\nif err := store.Flush(ctx); err != nil && !done {\n\treturn err\n}\n```");
        }
        return text.ToString();
    }

    private string Sentence(int minWords, int maxWords)
    {
        var words = Enumerable.Range(0, _random.Next(minWords, maxWords + 1)).Select(_ => Words[_random.Next(Words.Length)]);
        var sentence = string.Join(' ', words);
        return char.ToUpperInvariant(sentence[0]) + sentence[1..] + ".";
    }

    private string NewTopLevelId()
    {
        const string base36 = "0123456789abcdefghijklmnopqrstuvwxyz";
        string id;
        do id = "bd-" + new string(Enumerable.Range(0, _random.Next(4, 6)).Select(_ => base36[_random.Next(36)]).ToArray());
        while (!_ids.Add(id));
        return id;
    }

    private string NewChildId(string parentId)
    {
        var number = _childCounts[parentId] = _childCounts.GetValueOrDefault(parentId) + 1;
        var id = $"{parentId}.{number}";
        _ids.Add(id);
        return id;
    }

    private Issue? RandomEarlier(Func<Issue, bool> wanted)
    {
        for (var attempt = 0; attempt < 20 && _issues.Count > 0; attempt++)
        {
            var candidate = _issues[_random.Next(_issues.Count)];
            if (wanted(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>A time near <paramref name="around"/> with microseconds, mostly at -08:00 like beads' export, some in UTC.</summary>
    private DateTimeOffset Stamp(DateTimeOffset around)
    {
        var value = around.AddTicks(_random.Next(0, 1_000_000) * 10L);
        return _random.Next(10) == 0 ? value.ToUniversalTime() : value;
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>((T Value, int Weight)[] choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        throw new InvalidOperationException("weights must be positive");
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
