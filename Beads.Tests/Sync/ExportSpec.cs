using System.Collections;
using System.Diagnostics;
using Beads.Protocol;
using Beads.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Beads.Tests.Sync;

/// <summary>The sync cycle on real git repositories in temporary folders (git is on every machine that runs the tests).</summary>
public sealed class ExportSpec(ITestOutputHelper output) : SyncTestKit(output, "flush-debounce = 100ms, remote-sync-interval = 0")
{
    [Fact]
    public async Task Git_portable_commits_only_the_jsonl_to_the_rigs_repository_and_pushes_it_to_the_remote()
    {
        var remote = NewHome("remote.git");
        Git(remote, "init", "--quiet", "--bare", "-b", "main");
        var home = NewHome("project");
        Git(home, "init", "--quiet", "-b", "main");
        Git(home, "config", "user.name", "Test Person");
        Git(home, "config", "user.email", "test@example.com");
        File.WriteAllText(Path.Combine(home, "README.md"), "a project\n");
        Git(home, "add", "README.md");
        Git(home, "commit", "--quiet", "-m", "first");
        Git(home, "remote", "add", "origin", remote);
        Git(home, "push", "--quiet", "-u", "origin", "main");
        File.WriteAllText(Path.Combine(home, "work-in-progress.txt"), "staged by the person, not Beads'\n");
        Git(home, "add", "work-in-progress.txt");
        // No hook of the repository runs on Beads' commits and pushes (a beads hook would call bd sync from inside one).
        string[] hooks = ["pre-commit", "commit-msg", "post-commit", "pre-push", "reference-transaction"];
        foreach (var hook in hooks)
        {
            var script = Path.Combine(home, ".git", "hooks", hook);
            File.WriteAllText(script, $"#!/bin/sh\ntouch '{Path.Combine(home, $"ran-{hook}")}'\n");
            File.SetUnixFileMode(script, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        var rig = await StartRigAt("project", home);
        await Create(rig, "project", "tracked in git");
        var sync = await Ask<SyncResult>(rig, new SyncRig("project"));

        Assert.Null(sync.Error);
        Assert.Contains("committed", sync.Git);
        Assert.Contains("pushed it to origin/main", sync.Git);
        Assert.Equal("Beads <beads@localhost>|beads: sync rig project", Git(home, "log", "-1", "--format=%an <%ae>|%s"));
        Assert.Equal(".beads/issues.jsonl", Git(home, "show", "--name-only", "--format=", "HEAD"));
        Assert.Equal("work-in-progress.txt", Git(home, "diff", "--cached", "--name-only"));
        Assert.Equal("beads: sync rig project", Git(remote, "log", "-1", "--format=%s", "main"));
        Assert.DoesNotContain(hooks, hook => File.Exists(Path.Combine(home, $"ran-{hook}")));

        var again = await Ask<SyncResult>(rig, new SyncRig("project"));
        Assert.StartsWith("already up to date", again.Jsonl);
        Assert.Equal("nothing new to commit", again.Git);
        Assert.Equal(2, (await SyncStats(rig, "project")).Exports);
    }

    [Fact]
    public async Task Outside_a_git_work_tree_the_sync_writes_the_file_and_commits_nothing()
    {
        var home = NewHome("plain");
        var rig = await StartRigAt("plain", home);
        var issue = await Create(rig, "plain", "no git here");

        var sync = await Ask<SyncResult>(rig, new SyncRig("plain"));

        Assert.Null(sync.Error);
        Assert.Contains("not in a git work tree", sync.Git);
        Assert.Contains("wrote 1 issues", sync.Jsonl);
        Assert.Equal([issue.Id], IdsInFile(home));
    }

    [Fact]
    public async Task A_failing_git_is_reported_by_the_sync_and_in_stats_and_the_rig_keeps_working()
    {
        var home = NewHome("locked");
        Git(home, "init", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(home, ".git", "index.lock"), ""); // another git command holds the index
        var rig = await StartRigAt("locked", home);
        await Create(rig, "locked", "still saved");

        var sync = await Ask<SyncResult>(rig, new SyncRig("locked"));

        Assert.Contains("index.lock", sync.Error);
        Assert.StartsWith("failed:", sync.Git);
        Assert.Contains("index.lock", (await SyncStats(rig, "locked")).LastError);
        await Create(rig, "locked", "and more");
        Assert.Equal(2, (await All(rig, "locked")).Count);
    }

    [Fact]
    public async Task The_periodic_sync_runs_by_itself_every_remote_sync_interval()
    {
        var home = NewHome("periodic");
        var rig = await StartRigAt("periodic", home, Settings(new Hashtable { ["BD_REMOTE_SYNC_INTERVAL"] = "1s" }));
        var issue = await Create(rig, "periodic", "exported without being asked");

        await AwaitAssertAsync(async () => Assert.True((await SyncStats(rig, "periodic")).Exports >= 1), Eventually,
            TimeSpan.FromMilliseconds(100));
        Assert.Equal([issue.Id], IdsInFile(home));
    }

    [Fact]
    public async Task A_periodic_sync_with_nothing_changed_since_its_commit_runs_no_git_and_the_next_change_is_committed()
    {
        var home = NewHome("quiet");
        Git(home, "init", "--quiet", "-b", "main");
        var rig = await StartRigAt("quiet", home, Settings(new Hashtable { ["BD_REMOTE_SYNC_INTERVAL"] = "1s" }));
        await Create(rig, "quiet", "committed once");
        await AwaitAssertAsync(() => Assert.Equal("1", Git(home, "rev-list", "--count", "HEAD")), Eventually, TimeSpan.FromMilliseconds(100));

        // Cycles go on, each finding the file as it committed it, without running git.
        var exports = (await SyncStats(rig, "quiet")).Exports;
        await AwaitAssertAsync(async () =>
        {
            var stats = await SyncStats(rig, "quiet");
            Assert.True(stats.Exports >= exports + 2);
            Assert.Contains("git: the JSONL is as last committed: no git command run", stats.LastExportOutcome);
        }, Eventually, TimeSpan.FromMilliseconds(100));
        Assert.Equal("1", Git(home, "rev-list", "--count", "HEAD"));

        await Create(rig, "quiet", "a change after the quiet");
        await AwaitAssertAsync(() => Assert.Equal("2", Git(home, "rev-list", "--count", "HEAD")), Eventually, TimeSpan.FromMilliseconds(100));
        // bd sync, asked for, always runs git.
        Assert.Equal("nothing new to commit", (await Ask<SyncResult>(rig, new SyncRig("quiet"))).Git);
    }

    /// <summary>Runs git in <paramref name="folder"/>, insists it succeeds, and returns its trimmed output.</summary>
    private static string Git(string folder, params string[] arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {error}");
        return output.Trim();
    }
}
