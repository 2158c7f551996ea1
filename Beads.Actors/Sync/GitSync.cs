using System.ComponentModel;
using System.Diagnostics;

namespace Beads.Actors.Sync;

/// <summary>
/// git-portable's commit: the rig's JSONL, and nothing else, committed to the git repository its home is in, then
/// pushed when the repository has a remote. Runs the <c>git</c> executable, so the user's own git configuration
/// (remotes, credentials helpers) applies.
/// </summary>
public static class GitSync
{
    /// <summary>Who Beads' commits are by, so that they are easy to tell from people's.</summary>
    public const string Author = "Beads";
    public const string AuthorEmail = "beads@localhost";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Commits <paramref name="file"/> (relative to <paramref name="workTree"/>) and pushes; what happened, in words.</summary>
    /// <exception cref="GitFailure">A git command failed: its own words say why.</exception>
    public static async Task<string> CommitAndPush(string workTree, string file, string message, CancellationToken cancellation)
    {
        GitOutput inside;
        try
        {
            inside = await Git(workTree, cancellation, "rev-parse", "--is-inside-work-tree");
        }
        catch (Win32Exception)
        {
            return "git is not installed: no commit";
        }
        if (inside.ExitCode != 0 || inside.Output.Trim() != "true") return $"{workTree} is not in a git work tree: no commit";
        await Must(workTree, cancellation, "add", "--", file);
        if ((await Git(workTree, cancellation, "diff", "--cached", "--quiet", "--", file)).ExitCode == 0)
            return "nothing new to commit";
        // Only this file, whatever else is staged (a commit with paths leaves the rest of the index alone).
        await Must(workTree, cancellation, "commit", "--quiet", "-m", message, "--", file);
        var commit = (await Must(workTree, cancellation, "rev-parse", "--short", "HEAD")).Output.Trim();
        var remotes = (await Must(workTree, cancellation, "remote")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (remotes.Length == 0) return $"committed {commit}; no remote to push to";
        var upstream = await Git(workTree, cancellation, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}");
        if (upstream.ExitCode == 0)
        {
            await Must(workTree, cancellation, "push", "--quiet");
            return $"committed {commit} and pushed it to {upstream.Output.Trim()}";
        }
        await Must(workTree, cancellation, "push", "--quiet", remotes[0], "HEAD");
        return $"committed {commit} and pushed it to {remotes[0]}";
    }

    private static async Task<GitOutput> Must(string workTree, CancellationToken cancellation, params string[] arguments)
    {
        var result = await Git(workTree, cancellation, arguments);
        return result.ExitCode == 0
            ? result
            : throw new GitFailure($"`git {string.Join(' ', arguments.TakeWhile(a => a != "-m"))}` in {workTree} failed " +
                                   $"(exit {result.ExitCode}): {FirstLines(result.Error + result.Output)}");
    }

    private static async Task<GitOutput> Git(string workTree, CancellationToken cancellation, params string[] arguments)
    {
        var start = new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = workTree,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                // Never wait for a password nobody will type; fail and say so instead.
                ["GIT_TERMINAL_PROMPT"] = "0",
                // No hook of the repository runs, whatever its kind (pre-commit, post-commit, pre-push, ...): a beads
                // hook would call bd sync again from inside this one, and a person's hooks are for their commits.
                ["GIT_CONFIG_COUNT"] = "1",
                ["GIT_CONFIG_KEY_0"] = "core.hooksPath",
                ["GIT_CONFIG_VALUE_0"] = "/dev/null",
                ["GIT_AUTHOR_NAME"] = Author,
                ["GIT_AUTHOR_EMAIL"] = AuthorEmail,
                ["GIT_COMMITTER_NAME"] = Author,
                ["GIT_COMMITTER_EMAIL"] = AuthorEmail,
            },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(CommandTimeout);
        using var git = Process.Start(start) ?? throw new GitFailure("could not start git");
        var output = git.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = git.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await git.WaitForExitAsync(timeout.Token);
            return new GitOutput(git.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            git.Kill(entireProcessTree: true);
            throw new GitFailure($"`git {arguments[0]}` in {workTree} took longer than {CommandTimeout.TotalSeconds:0} s and was stopped");
        }
    }

    private static string FirstLines(string text) =>
        string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));

    private sealed record GitOutput(int ExitCode, string Output, string Error);
}

/// <summary>A git command that failed; the message says which, where and git's own reason.</summary>
public sealed class GitFailure(string message) : Exception(message);
