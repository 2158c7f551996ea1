using System.Diagnostics;

namespace Beads.Cli;

/// <summary>Who is making a change: --actor, then BD_ACTOR, then the git user name, then $USER.</summary>
public static class ActorName
{
    public static string Resolve(string? flag) =>
        NonEmpty(flag) ?? NonEmpty(Environment.GetEnvironmentVariable("BD_ACTOR")) ?? GitUserName()
        ?? NonEmpty(Environment.GetEnvironmentVariable("USER")) ?? Environment.UserName;

    private static string? GitUserName()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["config", "user.name"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null) return null;
            var name = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? NonEmpty(name.Trim()) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
