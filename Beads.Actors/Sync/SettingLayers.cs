using System.Collections;
using System.Collections.Immutable;
using Akka.Configuration;

namespace Beads.Actors.Sync;

/// <summary>The layers of <see cref="RigSyncSettings.Resolve"/> other than the rig's own file (<see cref="SyncSettingsFile"/>).</summary>
public static class SettingLayers
{
    /// <summary>The <c>beads.rig.sync</c> section: the defaults every rig starts from (hocon/beads.conf).</summary>
    public static SettingLayer FromHocon(Config config) => new(SyncSetting.All
        .Where(setting => config.HasPath(setting.HoconPath))
        .ToImmutableDictionary(setting => setting.Key,
            setting => new SettingValue(config.GetString(setting.HoconPath), $"default (HOCON {setting.HoconPath})")));

    /// <summary>The host process's <c>BD_*</c> variables, such as BD_FLUSH_DEBOUNCE=30s; empty ones are unset.</summary>
    public static SettingLayer FromEnvironment(IDictionary variables) => new(SyncSetting.All
        .Where(setting => variables[setting.EnvironmentVariable] is string { Length: > 0 })
        .ToImmutableDictionary(setting => setting.Key,
            setting => new SettingValue((string)variables[setting.EnvironmentVariable]!, $"environment {setting.EnvironmentVariable}")));
}
