namespace Beads.Cli.Output;

/// <summary>
/// One line on standard error that fills up as a long job runs, redrawn in place; drawn only on a terminal, so pipes,
/// files and scripts never see it.
/// </summary>
public sealed class ProgressBar(string label, long total) : IDisposable
{
    private const int Width = 30;
    private static readonly bool OnTerminal = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    /// <summary>Standard error itself: the bar redraws with carriage returns, which bd's filtered error writer shows as ^M.</summary>
    private static readonly Lazy<TextWriter> Line = new(() => new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });
    private int _shown = -1;

    public void Report(long done)
    {
        if (!OnTerminal || total <= 0) return;
        var percent = (int)Math.Clamp(done * 100 / total, 0, 100);
        if (percent == _shown) return;
        _shown = percent;
        var filled = Width * percent / 100;
        Line.Value.Write($"\r{VisibleControlsWriter.Visible(label)} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}%");
    }

    /// <summary>Clears the line, so that what is printed next starts on a clean one.</summary>
    public void Dispose()
    {
        if (_shown >= 0) Line.Value.Write($"\r{new string(' ', label.Length + Width + 8)}\r");
    }
}
