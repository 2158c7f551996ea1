using System.Net.Sockets;
using Beads.Host.Gateway;
using Beads.Protocol;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Beads.Tests.Host;

/// <summary>Which folders a caller may make a rig in (<see cref="HomeAccess"/>).</summary>
public sealed class HomeAccessTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("beads-home-access");

    [Fact]
    public void A_home_that_does_not_exist_is_refused_whoever_asks()
    {
        var missing = Path.Combine(_folder.FullName, "nowhere");

        Assert.Contains("is not a folder on this host's machine", new HomeAccess([]).Problem(missing, overTcp: false, caller: 0));
        Assert.Contains("is not a folder on this host's machine", new HomeAccess([_folder.FullName]).Problem(missing, overTcp: true, caller: null));
    }

    [Fact]
    public void Over_tcp_a_home_must_lie_under_an_allowed_root_after_its_links_are_resolved()
    {
        var root = _folder.CreateSubdirectory("projects").FullName;
        var inside = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
        var escape = Path.Combine(root, "escape");
        Directory.CreateSymbolicLink(escape, "/etc");
        var sibling = _folder.CreateSubdirectory("projects-old").FullName;

        Assert.Contains("allowed-home-roots (none set)", new HomeAccess([]).Problem(inside, overTcp: true, caller: null));
        var access = new HomeAccess([root]);
        Assert.Null(access.Problem(inside, overTcp: true, caller: null));
        Assert.Null(access.Problem(root, overTcp: true, caller: null));
        Assert.Contains("/etc is not", access.Problem(escape, overTcp: true, caller: null));
        Assert.Contains("is not", access.Problem(sibling, overTcp: true, caller: null));
    }

    [SkippableFact]
    public void Through_the_socket_a_home_must_belong_to_the_caller_unless_the_caller_is_root()
    {
        Skip.IfNot(UnixFiles.EffectiveUser == 0, "giving a folder to another user needs root");
        var theirs = _folder.CreateSubdirectory("theirs").FullName;
        Chown(theirs, 65534);
        var access = new HomeAccess([]);

        Assert.Contains("belongs to another user (uid 65534)", access.Problem(theirs, overTcp: false, caller: 1000));
        Assert.Null(access.Problem(theirs, overTcp: false, caller: 65534));
        Assert.Null(access.Problem(theirs, overTcp: false, caller: 0));
    }

    [Fact]
    public async Task The_callers_uid_is_the_one_the_kernel_gives_for_the_other_end_of_the_socket()
    {
        var path = Path.Combine(_folder.FullName, "s.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        using var accepted = await listener.AcceptAsync();
        var context = new DefaultHttpContext();
        context.Features.Set<IConnectionSocketFeature>(new SocketFeature(accepted));

        Assert.Equal(UnixFiles.EffectiveUser, HomeAccess.PeerUser(context));
    }

    private sealed record SocketFeature(Socket Socket) : IConnectionSocketFeature;

    private static void Chown(string path, int uid)
    {
        using var chown = System.Diagnostics.Process.Start("chown", [uid.ToString(), path]);
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
