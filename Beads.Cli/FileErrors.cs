namespace Beads.Cli;

/// <summary>
/// Why a file could not be read or written, in words: bd is built without the runtime's message texts (to start
/// fast), so an exception's own message is a resource key such as <c>IO_FileNotFound_FileName</c>.
/// </summary>
public static class FileErrors
{
    public static string Reason(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "its folder does not exist",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        _ when IsResourceKey(e.Message) => $"the system refused ({e.GetType().Name})",
        _ => e.Message,
    };

    /// <summary>A message such as <c>IO_SharingViolation_File, /path</c>: a key where the text would be.</summary>
    private static bool IsResourceKey(string message) => message.Split(',')[0] is var key && key.Contains('_') && !key.Contains(' ');
}
