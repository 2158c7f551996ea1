using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;
using Beads.Cli.Connection;
using Beads.Cli.Output;
using Beads.Protocol;

namespace Beads.Cli.Commands;

/// <summary>init, config, where, version.</summary>
public static partial class RigCommands
{
    public static IEnumerable<Command> All() => [Init(), Config(), Where(), Version()];

    public static string CliVersion =>
        typeof(RigCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameCharacters();

    private static Command Init()
    {
        var prefix = Flags.Text("--prefix", "Id prefix for this rig's issues (default: the folder's name)");
        var command = new Command("init", "Make this folder a rig: create .beads/ and register the rig with the host") { prefix };
        return command.With(async run =>
        {
            var home = Environment.CurrentDirectory;
            var configPath = BeadsFolder.ConfigIn(home);
            var existing = File.Exists(configPath) ? RigConfigFile.Read(configPath) : null;
            var folderName = NotNameCharacters().Replace(Path.GetFileName(home).ToLowerInvariant(), "-").Trim('-');
            var rig = run.Value(GlobalOptions.Rig) ?? existing?.Rig ?? (folderName.Length > 0 ? folderName : "beads");
            var idPrefix = run.Value(prefix) ?? existing?.Prefix ?? rig;
            var info = await run.Send<RigInfo>(new InitRig(rig, run.Actor, idPrefix, home));
            var file = RigConfigFile.Create(home, info.Name, info.Prefix);
            if (run.Json)
            {
                BeadsJson.Print(new InitOutput(info.Name, info.Prefix, Path.GetDirectoryName(file.Path), info.IssueCount, BeadsJson.SchemaVersion));
                return;
            }
            Console.Out.WriteLine($"{Terminal.Green("✓")} Initialized rig '{info.Name}' with prefix '{info.Prefix}' in {Path.GetDirectoryName(file.Path)}");
            Console.Out.WriteLine($"  Create an issue: bd create \"First task\" -p 1");
        });
    }

    private static Command Config()
    {
        var key = new Argument<string>("key") { Description = "Setting name, such as flush-debounce, sync.mode or types.custom" };
        var value = new Argument<string>("value") { Description = "New value" };
        var get = new Command("get", "Show one setting's effective value") { key }.With(async run =>
        {
            var name = run.Value(key)!;
            var setting = Find(await run.Send<RigConfigResult>(new GetRigConfig(await run.Rig())), name);
            if (run.Json) BeadsJson.Print(SettingOf(name, setting));
            else Console.Out.WriteLine(setting is { Value.Length: > 0 } ? setting.Value : $"{name} is not set");
        });
        var set = new Command("set", "Change a setting (sync settings go to .beads/config.yaml)") { key, value }.With(async run =>
        {
            var name = run.Value(key)!;
            var rig = await run.Rig();
            await run.Send<IRigReply>(new SetRigConfig(rig, run.Actor, name, run.Value(value)!));
            var setting = Find(await run.Send<RigConfigResult>(new GetRigConfig(rig)), name);
            if (run.Json)
            {
                BeadsJson.Print(SettingOf(name, setting));
                return;
            }
            Console.Out.WriteLine($"{Terminal.Green("✓")} {name} = {setting?.Value}");
            if (setting is not null && setting.Source.StartsWith("environment", StringComparison.Ordinal))
                Console.Out.WriteLine($"  {Terminal.Yellow("note:")} the host's {setting.Source} wins over this rig's setting");
        });
        var list = new Command("list", "Show every setting, its effective value and where that value came from").With(async run =>
        {
            var config = await run.Send<RigConfigResult>(new GetRigConfig(await run.Rig()));
            if (run.Json)
            {
                BeadsJson.Print<IReadOnlyDictionary<string, string>>(config.Settings.ToDictionary(setting => setting.Key, setting => setting.Value));
                return;
            }
            var width = config.Settings.Max(s => s.Key.Length + s.Value.Length) + 3;
            foreach (var setting in config.Settings)
            {
                var shown = $"{setting.Key} = {setting.Value}";
                Console.Out.WriteLine($"{shown}{new string(' ', width - shown.Length)}  {Terminal.Dim(setting.Source)}");
            }
            foreach (var problem in config.Problems) Console.Out.WriteLine($"{Terminal.Yellow("ignored:")} {problem}");
        });
        return new Command("config", "Rig settings: sync (sync.mode, flush-debounce, ...) and status.custom, types.custom") { get, set, list };
    }

    private static RigSetting? Find(RigConfigResult config, string key) =>
        config.Settings.FirstOrDefault(setting => setting.Key == key.Trim().ToLowerInvariant());

    private static SettingOutput SettingOf(string key, RigSetting? setting) =>
        new(key, setting is { Value.Length: > 0 } ? setting.Value : null, setting?.Source);

    private static Command Where()
    {
        var command = new Command("where", "Which rig this folder uses, and where its host and data are");
        return command.With(async run =>
        {
            var rig = await run.Rig();
            var local = run.LocalConfig();
            var client = await run.Client();
            var info = await client.Send<RigInfo>(new GetRigInfo(rig), run.Cancellation);
            var health = await client.Get<HealthStatus>(GatewayRoutes.Health, run.Cancellation);
            if (run.Json)
            {
                BeadsJson.Print(new WhereOutput(info.Name, info.Prefix, info.HomeDirectory, local?.Path, client.Endpoint.ToString(),
                    health.DataDirectory, health.Storage));
                return;
            }
            Console.Out.WriteLine($"Rig:     {info.Name} (prefix {info.Prefix}, {info.IssueCount} issues)");
            Console.Out.WriteLine($"Home:    {info.HomeDirectory}");
            if (local is not null) Console.Out.WriteLine($"Config:  {local.Path}");
            Console.Out.WriteLine($"Host:    {client.Endpoint} (pid {health.ProcessId})");
            Console.Out.WriteLine($"Storage: {health.Storage}");
        });
    }

    private static Command Version()
    {
        var command = new Command("version", "bd's version, and the host's when one is running");
        return command.With(async run =>
        {
            using var client = HostConnector.Client();
            var host = await client.TryHealth(run.Cancellation);
            if (run.Json)
            {
                BeadsJson.Print(new VersionOutput(CliVersion, host?.Version));
                return;
            }
            Console.Out.WriteLine($"bd {CliVersion}");
            Console.Out.WriteLine(host is null ? $"host: not running on {client.Endpoint}" : $"host {host.Version} on {client.Endpoint}");
        });
    }
}
