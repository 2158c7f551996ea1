using System.Collections.Immutable;

namespace Beads.Actors.Sync;

/// <summary>
/// How one rig keeps its <c>.beads/issues.jsonl</c> and its remotes up to date, resolved from layers (see
/// <see cref="Resolve"/>); immutable, so the rig hands the same value to its children without copying.
/// </summary>
public sealed record RigSyncSettings
{
    /// <summary>Where a value comes from when no layer sets it: the record's own initial values.</summary>
    public const string BuiltIn = "built-in";

    public static readonly RigSyncSettings Default = new();

    public SyncMode Mode { get; init; } = SyncMode.GitPortable;
    public bool NoAutoFlush { get; init; }
    public bool NoAutoImport { get; init; }
    /// <summary>Quiet time after the last change before the JSONL is rewritten.</summary>
    public TimeSpan FlushDebounce { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>The longest a change waits for its flush however busy the rig is, so constant load still flushes.</summary>
    public TimeSpan FlushMaxWait { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>
    /// How often the JSONL is checked for changes made outside Beads; a change is imported once the file has stayed
    /// the same for one more check (a git pull may write it in pieces).
    /// </summary>
    public TimeSpan AutoImportInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Time between full exports and commits; zero turns the periodic sync off.</summary>
    public TimeSpan RemoteSyncInterval { get; init; } = TimeSpan.FromSeconds(30);
    public bool NoJsonlExport { get; init; }

    /// <summary>For each key of <see cref="SyncSetting.All"/>, the layer its value came from.</summary>
    public ImmutableDictionary<string, string> Sources { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Values a layer gave that were not valid and were ignored, each saying where and why.</summary>
    public ImmutableList<string> Problems { get; init; } = [];

    /// <summary>Whether Beads writes <c>issues.jsonl</c> at all.</summary>
    public bool WritesJsonl => WhyNoJsonl is null;

    /// <summary>Why no <c>issues.jsonl</c> is written, or null when it is.</summary>
    public string? WhyNoJsonl =>
        NoJsonlExport ? "no-jsonl-export is set: no JSONL written"
        : Mode == SyncMode.DoltOnly ? "sync.mode is dolt-only: no JSONL written"
        : null;

    /// <summary>Whether a change is flushed without waiting for quiet (realtime mode, or a debounce of zero).</summary>
    public bool FlushesAtOnce => Mode == SyncMode.Realtime || FlushDebounce == TimeSpan.Zero;

    public string SourceOf(string key) => Sources.GetValueOrDefault(key, BuiltIn);

    /// <summary>
    /// The built-in values, then each layer in turn, the last winning: beads' order is HOCON defaults, the rig's
    /// <c>.beads/config.yaml</c>, then the host's <c>BD_*</c> environment. An invalid value is ignored, keeping the value
    /// beneath it, and recorded in <see cref="Problems"/>, so a typo in a file never stops a rig.
    /// </summary>
    public static RigSyncSettings Resolve(params IEnumerable<SettingLayer> layers)
    {
        var settings = Default;
        foreach (var layer in layers)
        {
            if (layer.Problem is { } problem) settings = settings with { Problems = settings.Problems.Add(problem) };
            foreach (var setting in SyncSetting.All)
            {
                if (!layer.Values.TryGetValue(setting.Key, out var given)) continue;
                settings = setting.Apply(settings, given.Text) is { } applied
                    ? applied with { Sources = applied.Sources.SetItem(setting.Key, given.Source) }
                    : settings with
                    {
                        Problems = settings.Problems.Add($"{given.Source}: {setting.Invalid(given.Text)}; kept {setting.Show(settings)}"),
                    };
            }
        }
        return settings;
    }
}

/// <summary>One source of setting values, such as the rig's config.yaml, by setting key.</summary>
/// <param name="Problem">Why the source could not be read, when it could not: its values are then missing.</param>
public sealed record SettingLayer(ImmutableDictionary<string, SettingValue> Values, string? Problem = null)
{
    public static readonly SettingLayer Empty = new(ImmutableDictionary<string, SettingValue>.Empty);
}

/// <summary>A setting's value as text, and where it was found (a file, a variable), for people to see.</summary>
public sealed record SettingValue(string Text, string Source);
