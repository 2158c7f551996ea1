using Beads.Actors.Domain;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>
/// Every rig setting as bd config shows it: the journal's (status.custom, types.custom), the sync settings, the rig's
/// issue_prefix, and the keys kept for other tools.
/// </summary>
public static class RigConfigView
{
    public const string JournalSource = "rig (bd config set, kept in the journal)";

    public static RigConfigResult Of(RigState state, RigSyncSettings sync) => new(
        [
            .. RigConfigKeys.Known.Select(key => state.Config.TryGetValue(key, out var value)
                ? new RigSetting(key, value, JournalSource, Described(key))
                : new RigSetting(key, "", RigSyncSettings.BuiltIn, Described(key))),
            .. SyncSetting.All.Select(setting => new RigSetting(setting.Key, setting.Show(sync), sync.SourceOf(setting.Key),
                $"{setting.Description} ({setting.Range}; env {setting.EnvironmentVariable})")),
            new RigSetting(RigConfigKeys.IssuePrefix, state.Prefix, "rig (bd init)", "the rig's id prefix"),
            .. state.Config.Where(entry => !RigConfigKeys.Known.Contains(entry.Key)).OrderBy(entry => entry.Key, StringComparer.Ordinal)
                .Select(entry => new RigSetting(entry.Key, entry.Value, RigSetting.OtherToolsSource, "")),
        ],
        sync.Problems);

    private static string Described(string key) => key == RigConfigKeys.CustomStatuses
        ? "extra statuses, comma separated"
        : "extra issue types, comma separated";
}
