using Beads.Actors.Jsonl;
using Beads.Protocol;
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
    public void Temporary_files_an_interrupted_write_left_are_removed_but_not_one_being_written()
    {
        AtomicFile.Write(Target, stream => stream.Write("kept\n"u8));
        var leftover = Path.Combine(_folder.FullName, $".issues.jsonl.{Guid.NewGuid():N}.tmp");
        var fresh = Path.Combine(_folder.FullName, $".issues.jsonl.{Guid.NewGuid():N}.tmp");
        var unrelated = Path.Combine(_folder.FullName, ".other.jsonl.1.tmp");
        foreach (var file in new[] { leftover, fresh, unrelated }) File.WriteAllText(file, "half");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddMinutes(-5));
        File.SetLastWriteTimeUtc(unrelated, DateTime.UtcNow.AddMinutes(-5));

        Assert.Equal(1, AtomicFile.RemoveLeftovers(Target));

        Assert.Equal(new[] { "issues.jsonl", Path.GetFileName(fresh), ".other.jsonl.1.tmp" }.Order(StringComparer.Ordinal),
            _folder.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal("kept\n", File.ReadAllText(Target));
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
