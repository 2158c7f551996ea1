using System.Collections.Immutable;
using Beads.Protocol;

namespace Beads.Actors.Sync;

/// <summary>The sync settings a rig's <c>.beads/config.yaml</c> sets (the file itself is <see cref="RigConfigYaml"/>'s).</summary>
public static class SyncSettingsFile
{
    public static readonly string Source = BeadsFolder.ConfigInHome;

    /// <summary>The sync settings the file sets; no values, and no problem, when the file does not exist.</summary>
    public static SettingLayer Read(string path)
    {
        try
        {
            var values = RigConfigYaml.Read(path)
                .Select(entry => (Setting: SyncSetting.Find(entry.Key), entry.Value))
                .Where(entry => entry.Setting is not null)
                .ToImmutableDictionary(entry => entry.Setting!.Key, entry => new SettingValue(entry.Value, $"{Source} ({path})"));
            return new SettingLayer(values);
        }
        catch (RigConfigUnreadable e)
        {
            return new SettingLayer(ImmutableDictionary<string, SettingValue>.Empty,
                $"{e.Message}: its sync settings are ignored until it is fixed");
        }
    }
}
