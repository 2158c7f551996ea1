using System.Text.Json.Nodes;
using Beads.Tests.Support;
using Xunit;

namespace Beads.Tests.Cli;

/// <summary>Shortcuts for tests that run the real bd against a real host.</summary>
public abstract class BdSpec(BdHostFixture host) : IClassFixture<BdHostFixture>
{
    protected BdHostFixture Host { get; } = host;

    protected static void RequireBinaries() => Skip.IfNot(BdHostFixture.Available, BdHostFixture.MissingReason);

    protected async Task<BdResult> Bd(string directory, params string[] args) => await Host.Run(directory, args);

    /// <summary>Runs bd and insists that it succeeds.</summary>
    protected async Task<BdResult> Ok(string directory, params string[] args)
    {
        var result = await Bd(directory, args);
        Assert.True(result.ExitCode == 0, $"bd {string.Join(' ', args)} failed: {result}");
        return result;
    }

    /// <summary>Runs bd and insists that it fails with this exit code and says this on stderr.</summary>
    protected async Task<BdResult> Expect(string directory, string[] args, int exitCode, string message)
    {
        var result = await Bd(directory, args);
        Assert.True(result.ExitCode == exitCode, $"bd {string.Join(' ', args)}: expected exit {exitCode}: {result}");
        Assert.Contains(message, result.Stderr);
        return result;
    }

    protected async Task<JsonNode> Json(string directory, params string[] args) =>
        JsonNode.Parse((await Ok(directory, [.. args, "--json"])).Stdout)!;

    /// <summary>A fresh project folder with a rig initialised in it.</summary>
    protected async Task<string> NewRig(string name, string prefix)
    {
        var project = Host.NewProject(name);
        await Ok(project, "init", "--prefix", prefix, "--rig", Path.GetFileName(project));
        return project;
    }

    protected async Task<string> Create(string project, params string[] args) =>
        (await Ok(project, ["create", .. args, "--silent"])).Stdout.Trim();
}
