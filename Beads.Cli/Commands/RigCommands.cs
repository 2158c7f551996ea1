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
    public static IEnumerable<Command> All() => [Init(), Config(), Where(), Info(), Migrate(), Version()];

    public static string CliVersion =>
        typeof(RigCommands).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameCharacters();

    private static Command Init()
    {
        var prefix = Flags.Text("--prefix", "Id prefix for this rig's issues (default: the folder's name)", "-p");
        // beads' Dolt server flags (Gas Town passes them): a Beads rig lives in the host's store, wherever that is.
        var server = Flags.Switch("--server", "beads: use a Dolt server; Beads: the rig lives in the host's store (BEADS_DB on the host)");
        var serverHost = Flags.Text("--server-host", "beads: the Dolt server's host (see --server)");
        var serverPort = new Option<int?>("--server-port") { Description = "beads: the Dolt server's port (see --server)" };
        var serverUser = Flags.Text("--server-user", "beads: the Dolt server's user (see --server)");
        var skipHooks = Flags.Switch("--skip-hooks", "Accepted for beads' clients: Beads installs no git hooks");
        var command = new Command("init", "Make this folder a rig: create .beads/ and register the rig with the host")
        {
            prefix, server, serverHost, serverPort, serverUser, skipHooks,
        };
        return command.With(async run =>
        {
            // BEADS_DIR names the .beads folder, as in beads: the rig's home is the folder it is in.
            var home = Environment.GetEnvironmentVariable(RigConfigFile.BeadsDirVariable) is { Length: > 0 } beadsDir
                ? Path.GetDirectoryName(Path.GetFullPath(beadsDir).TrimEnd(Path.DirectorySeparatorChar))!
                : Environment.CurrentDirectory;
            var configPath = BeadsFolder.ConfigIn(home);
            var existing = File.Exists(configPath) ? RigConfigFile.Read(configPath) : null;
            var folderName = NotNameCharacters().Replace(Path.GetFileName(home).ToLowerInvariant(), "-").Trim('-');
            // A rig is known by its name and prefix, never by its folder's name alone: Gas Town keeps every rig's clone
            // in <town>/<rig>/mayor/rig, so a given prefix names the rig.
            var rig = run.Value(GlobalOptions.Rig) ?? existing?.Rig ?? run.Value(prefix) ?? (folderName.Length > 0 ? folderName : "beads");
            var idPrefix = run.Value(prefix) ?? existing?.Prefix ?? rig;
            if (run.Value(server) || run.Value(serverHost) is not null || run.Value(serverPort) is not null || run.Value(serverUser) is not null)
                run.Note("note: --server and its --server-* flags choose a Dolt server for beads; a Beads rig lives in the " +
                         "Beads host's store (`bd where` names it; start the host with BEADS_DB to put it on a MySQL/Dolt server)");
            var info = await run.Send<RigInfo>(new InitRig(rig, run.Actor, idPrefix, home));
            var file = RigConfigFile.Create(home, info.Name, info.Prefix);
            run.Print(new InitOutput(info.Name, info.Prefix, Path.GetDirectoryName(file.Path), info.IssueCount, BeadsJson.SchemaVersion));
        });
    }

    private static Command Config()
    {
        var key = new Argument<string>("key") { Description = "Setting name, such as flush-debounce, sync.mode or types.custom" };
        var value = new Argument<string>("value") { Description = "New value" };
        var get = new Command("get", "Show one setting's effective value") { key }.With(async run =>
        {
            var name = run.Value(key)!;
            var shown = SettingOutput.Of(name, Find(await run.Send<RigConfigResult>(new GetRigConfig(await run.Rig())), name));
            // beads prints "KEY (not set)" on stdout, where a script that reads the value to add to it (Gas Town's
            // types.custom and status.custom merge) takes those words for the value; here stdout stays empty.
            if (shown.Value is null && !run.Json) run.Note($"{name} (not set)");
            run.Print(shown);
        });
        var set = new Command("set", "Change a setting (sync settings go to .beads/config.yaml)") { key, value }.With(async run =>
        {
            var name = run.Value(key)!;
            var rig = await run.Rig();
            await run.Send<IRigReply>(new SetRigConfig(rig, run.Actor, name, run.Value(value)!));
            var setting = Find(await run.Send<RigConfigResult>(new GetRigConfig(rig)), name);
            if (setting is { IsForOtherTools: true })
                run.Note($"note: '{setting.Key}' is not a setting Beads uses; it is kept for other tools (`bd config list` shows it)");
            run.Print(SettingOutput.Of(name, setting, changed: true));
        });
        var unset = new Command("unset", "Remove a setting: it goes back to its default") { key }.With(async run =>
        {
            var name = run.Value(key)!;
            var rig = await run.Rig();
            await run.Send<IRigReply>(new SetRigConfig(rig, run.Actor, name, ""));
            run.Print(new UnsetOutput(name));
        });
        var list = new Command("list", "Show every setting, its effective value and where that value came from").With(async run =>
        {
            run.Print(new SettingsOutput(await run.Send<RigConfigResult>(new GetRigConfig(await run.Rig()))));
        });
        return new Command("config", "Rig settings: sync (sync.mode, flush-debounce, ...), status.custom, types.custom, and other tools' keys")
        {
            get, set, unset, list,
        };
    }

    private static RigSetting? Find(RigConfigResult config, string key)
    {
        var wanted = key.Trim().ToLowerInvariant();
        if (wanted == "issue-prefix") wanted = "issue_prefix"; // beads takes both spellings
        return config.Settings.FirstOrDefault(setting => setting.Key == wanted);
    }

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
            run.Print(new WhereOutput(info.Name, info.Prefix, info.HomeDirectory, local?.Path, client.Endpoint.ToString(),
                health.DataDirectory, health.Storage, info.IssueCount, health.ProcessId));
        });
    }

    private static Command Info()
    {
        var schema = Flags.Switch("--schema", "Also the rig's tables, schema version and a few of its ids");
        var command = new Command("info", "Where the rig's data is, how bd reaches it, its issue count and settings") { schema };
        return command.With(async run =>
        {
            var rig = await run.Rig();
            var client = await run.Client();
            var info = await client.Send<RigInfo>(new GetRigInfo(rig), run.Cancellation);
            var health = await client.Get<HealthStatus>(GatewayRoutes.Health, run.Cancellation);
            var config = info.Config.SetItem("issue_prefix", info.Prefix);
            SchemaInfoOutput? tables = null;
            if (run.Value(schema))
            {
                var sample = await client.Send<IssueSummaries>(
                    new ListIssues(rig, IssueFilter.Any with { IncludeClosed = true }) { Limit = 3, Sort = IssueSorts.Id }, run.Cancellation);
                tables = new SchemaInfoOutput(health.Tables, health.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new Dictionary<string, string> { ["issue_prefix"] = info.Prefix }, [.. sample.Issues.Select(summary => summary.Issue.Id)], info.Prefix);
            }
            run.Print(new InfoOutput(health.Storage, "host", info.IssueCount, config, tables));
        });
    }

    private static Command Migrate()
    {
        var command = new Command("migrate", "Nothing to do: the Beads host migrates its store when it starts (this says to which version)")
        {
            Flags.Switch("--inspect", "The store's state, in beads' shape"),
            Flags.Switch("--yes", "Accepted for beads' clients: there is nothing to confirm"),
            Flags.Switch("--dry-run", "Accepted for beads' clients: nothing is changed either way"),
            Flags.Switch("--update-repo-id", "Accepted for beads' clients: a rig is known by its name and prefix, not by a repository id"),
        };
        return command.With(async run =>
        {
            var client = await run.Client();
            var info = await client.Send<RigInfo>(new GetRigInfo(await run.Rig()), run.Cancellation);
            var health = await client.Get<HealthStatus>(GatewayRoutes.Health, run.Cancellation);
            var state = new MigrationStateOutput(health.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), info.IssueCount,
                new Dictionary<string, string> { ["issue_prefix"] = info.Prefix }, [], DbExists: true);
            run.Print(new MigrateOutput([], state, [], []));
        });
    }

    private static Command Version()
    {
        var command = new Command("version", "bd's version, and the host's when one is running");
        return command.With(async run =>
        {
            using var client = HostConnector.Client();
            var host = await client.TryHealth(run.Cancellation);
            run.Print(VersionOutput.Of(CliVersion, host?.Version, client.Endpoint.ToString()));
        });
    }
}
