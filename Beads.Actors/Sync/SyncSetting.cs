using System.Collections.Immutable;

namespace Beads.Actors.Sync;

/// <summary>
/// One sync setting: its beads key, the <c>BD_*</c> variable that sets it, what it accepts and how it changes a
/// <see cref="RigSyncSettings"/>.
/// </summary>
/// <param name="Apply">The settings with this value, or null when the text is not a valid value.</param>
public sealed record SyncSetting(
    string Key,
    string Range,
    string Description,
    Func<RigSyncSettings, string, RigSyncSettings?> Apply,
    Func<RigSyncSettings, string> Show)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static readonly SyncSetting Mode = new("sync.mode", SyncModes.Valid, "what the periodic sync does",
        (s, text) => SyncModes.Parse(text) is { } mode ? s with { Mode = mode } : null,
        s => s.Mode.Name());

    public static readonly SyncSetting NoAutoFlush = Switch("no-auto-flush", "never rewrite issues.jsonl after changes by itself",
        (s, on) => s with { NoAutoFlush = on }, s => s.NoAutoFlush);

    public static readonly SyncSetting NoAutoImport = Switch("no-auto-import", "never import issues.jsonl when it changes on disk",
        (s, on) => s with { NoAutoImport = on }, s => s.NoAutoImport);

    public static readonly SyncSetting FlushDebounce = Span("flush-debounce", TimeSpan.Zero, Hour,
        "quiet time after a change before issues.jsonl is rewritten", (s, d) => s with { FlushDebounce = d }, s => s.FlushDebounce);

    public static readonly SyncSetting FlushMaxWait = Span("flush-max-wait", TimeSpan.FromMilliseconds(10), Hour,
        "the longest a change waits for its flush under constant load", (s, d) => s with { FlushMaxWait = d }, s => s.FlushMaxWait);

    public static readonly SyncSetting AutoImportInterval = Span("auto-import-interval", TimeSpan.FromMilliseconds(10),
        TimeSpan.FromMinutes(1), "how often issues.jsonl is checked for changes made outside Beads",
        (s, d) => s with { AutoImportInterval = d }, s => s.AutoImportInterval);

    public static readonly SyncSetting RemoteSyncInterval = new("remote-sync-interval", "0 (off), or a duration from 1s to 24h",
        "time between full exports and commits (0 = off)",
        (s, text) => SettingText.Duration(text) is { } d && (d == TimeSpan.Zero || (d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromHours(24)))
            ? s with { RemoteSyncInterval = d } : null,
        s => SettingText.Format(s.RemoteSyncInterval));

    public static readonly SyncSetting NoJsonlExport = Switch("no-jsonl-export", "write no issues.jsonl at all",
        (s, on) => s with { NoJsonlExport = on }, s => s.NoJsonlExport);

    public static readonly ImmutableArray<SyncSetting> All =
        [Mode, NoAutoFlush, NoAutoImport, FlushDebounce, FlushMaxWait, AutoImportInterval, RemoteSyncInterval, NoJsonlExport];

    public static SyncSetting? Find(string key) => All.FirstOrDefault(setting => setting.Key == key.Trim().ToLowerInvariant());

    /// <summary>BD_ and the key in capitals with '-' and '.' as '_': BD_FLUSH_DEBOUNCE, BD_SYNC_MODE.</summary>
    public string EnvironmentVariable => "BD_" + Key.ToUpperInvariant().Replace('-', '_').Replace('.', '_');

    /// <summary>The key's path under <c>beads.rig.sync</c> in HOCON, where a leading "sync." would only repeat itself.</summary>
    public string HoconPath => "beads.rig.sync." + (Key.StartsWith("sync.", StringComparison.Ordinal) ? Key["sync.".Length..] : Key);

    public string Invalid(string text) => $"'{text}' is not a valid {Key}: use {Range}";

    private static SyncSetting Switch(string key, string description, Func<RigSyncSettings, bool, RigSyncSettings> set,
        Func<RigSyncSettings, bool> get) =>
        new(key, SettingText.BooleanRange, description,
            (s, text) => SettingText.Boolean(text) is { } on ? set(s, on) : null,
            s => SettingText.Format(get(s)));

    private static SyncSetting Span(string key, TimeSpan least, TimeSpan most, string description,
        Func<RigSyncSettings, TimeSpan, RigSyncSettings> set, Func<RigSyncSettings, TimeSpan> get) =>
        new(key, $"a duration from {SettingText.Format(least)} to {SettingText.Format(most)}, such as 500ms, 5s or 1m", description,
            (s, text) => SettingText.Duration(text) is { } d && d >= least && d <= most ? set(s, d) : null,
            s => SettingText.Format(get(s)));
}
