using System.Collections.Immutable;
using Beads.Actors.Jsonl;
using Beads.Protocol;
using Xunit;

namespace Beads.Tests.Support;

/// <summary>
/// The shared fixtures beside the repository (<c>../shared/fixtures/</c>). They are not ours to commit, so a fresh
/// clone may lack them: tests that need them skip with one line saying so.
/// </summary>
public static class Fixtures
{
    public const string BeadsExportName = "beads-2026-01-15.jsonl";

    /// <summary>The 3,066 issues of beads' own <c>issues.jsonl</c>.</summary>
    public const int BeadsExportIssueCount = 3066;

    public static string Folder => RepositoryPaths.Fixtures;

    /// <summary>The path of beads' real export; skips the calling test when the fixture folder is absent.</summary>
    public static string BeadsExport()
    {
        var path = FindBeadsExport();
        Skip.If(path is null, $"fixture {BeadsExportName} is absent: {Folder} does not hold it");
        return path!;
    }

    /// <summary>The path of beads' real export, or null for tests that fall back to a synthetic rig.</summary>
    public static string? FindBeadsExport()
    {
        var path = Path.Combine(Folder, BeadsExportName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// The issues of beads' real export, or, where the fixture is absent, a synthetic rig of the same size; with a few
    /// words saying which, for benchmark reports.
    /// </summary>
    public static (ImmutableList<Issue> Issues, string Source) BeadsExportOrSynthetic()
    {
        if (FindBeadsExport() is not { } path) return (SyntheticRig.Generate(3000), "synthetic rig: the fixture is absent");
        var read = JsonlReader.Read(File.ReadAllBytes(path));
        Assert.Empty(read.BadLines);
        return (read.Issues, $"beads' export {BeadsExportName}");
    }
}
