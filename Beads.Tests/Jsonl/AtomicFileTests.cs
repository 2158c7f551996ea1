using Beads.Actors.Jsonl;
using Xunit;

namespace Beads.Tests.Jsonl;

public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo _folder =
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "beads-tests", Guid.NewGuid().ToString("N")));

    private string Target => Path.Combine(_folder.FullName, "issues.jsonl");

    [Fact]
    public void Creates_then_replaces_the_file_and_leaves_no_temporary_file()
    {
        AtomicFile.Write(Target, stream => stream.Write("old\n"u8));
        AtomicFile.Write(Target, stream => stream.Write("new\n"u8));

        Assert.Equal("new\n", File.ReadAllText(Target));
        Assert.Equal(["issues.jsonl"], _folder.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void A_failed_write_keeps_the_old_content_and_cleans_up()
    {
        AtomicFile.Write(Target, stream => stream.Write("old\n"u8));

        Assert.Throws<IOException>(() => AtomicFile.Write(Target, stream =>
        {
            stream.Write("half"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("old\n", File.ReadAllText(Target));
        Assert.Equal(["issues.jsonl"], _folder.GetFiles().Select(f => f.Name));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
