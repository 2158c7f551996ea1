using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Beads.Actors.Jsonl;
using Beads.Protocol;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Beads.Actors.Sync;

/// <summary>
/// The sync settings in a rig's <c>.beads/config.yaml</c>, the file <c>bd init</c> writes beside the rig's JSONL. beads
/// writes its keys either flat (<c>no-auto-flush: true</c>) or nested (<c>sync:</c> then <c>  mode: dolt-native</c>);
/// both are read, as dotted keys. Changes edit the file line by line so that comments and other keys stay as they were.
/// </summary>
public static partial class RigConfigYaml
{
    public static readonly string Source = BeadsFolder.ConfigInHome;

    public static string PathIn(string homeDirectory) => BeadsFolder.ConfigIn(homeDirectory);

    /// <summary>The sync settings the file sets; no values, and no problem, when the file does not exist.</summary>
    public static SettingLayer Read(string path)
    {
        if (!File.Exists(path)) return SettingLayer.Empty;
        var values = ImmutableDictionary.CreateBuilder<string, SettingValue>();
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(path)));
            if (yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode root)
            {
                foreach (var (key, text) in Flatten(root, ""))
                {
                    if (SyncSetting.Find(key) is { } setting) values[setting.Key] = new SettingValue(text, $"{Source} ({path})");
                }
            }
            return new SettingLayer(values.ToImmutable());
        }
        catch (Exception e) when (e is YamlException or IOException or UnauthorizedAccessException)
        {
            return new SettingLayer(ImmutableDictionary<string, SettingValue>.Empty,
                $"{path} could not be read ({e.Message}): its sync settings are ignored until it is fixed");
        }
    }

    private static IEnumerable<(string Key, string Text)> Flatten(YamlMappingNode mapping, string prefix)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name }) continue;
            switch (value)
            {
                case YamlScalarNode { Value: var text }:
                    yield return (prefix + name, text ?? "");
                    break;
                case YamlMappingNode nested:
                    foreach (var entry in Flatten(nested, $"{prefix}{name}.")) yield return entry;
                    break;
            }
        }
    }

    /// <summary>Sets one key in the file, atomically, creating the file when it is missing.</summary>
    public static void Write(string path, string key, string value)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var updated = Encoding.UTF8.GetBytes(WithValue(text, key, value));
        AtomicFile.Write(path, stream => stream.Write(updated));
    }

    /// <summary>
    /// <paramref name="text"/> with <paramref name="key"/> set: its line replaced where it has one, flat or nested
    /// under its first part; otherwise added at the end, a dotted key as a nested block (beads' own form).
    /// </summary>
    public static string WithValue(string text, string key, string value)
    {
        var lines = text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList();
        if (lines is [""]) lines.Clear();
        var dot = key.IndexOf('.');
        if (FindTopLevel(lines, key) is { } flat)
            lines[flat] = $"{key}: {value}";
        else if (dot > 0 && FindTopLevel(lines, key[..dot], headerOnly: true) is { } header)
            SetNested(lines, header, key[(dot + 1)..], value);
        else if (dot > 0)
            lines.AddRange([$"{key[..dot]}:", $"  {key[(dot + 1)..]}: {value}"]);
        else
            lines.Add($"{key}: {value}");
        return string.Join('\n', lines) + "\n";
    }

    [GeneratedRegex(@"^(\s+)([^\s:#][^:]*?)\s*:")]
    private static partial Regex NestedKey();

    private static void SetNested(List<string> lines, int header, string child, string value)
    {
        var indent = "  ";
        var index = header + 1;
        for (; index < lines.Count; index++)
        {
            var line = lines[index];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var nested = NestedKey().Match(line);
            if (!nested.Success) break; // the next top-level key: the block ended
            indent = nested.Groups[1].Value;
            if (nested.Groups[2].Value != child) continue;
            lines[index] = $"{indent}{child}: {value}";
            return;
        }
        lines.Insert(header + 1, $"{indent}{child}: {value}");
    }

    /// <summary>The line of a top-level key (<paramref name="headerOnly"/>: one that opens a block, with no value).</summary>
    private static int? FindTopLevel(List<string> lines, string key, bool headerOnly = false)
    {
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            var rest = line[key.Length..].TrimStart();
            if (!rest.StartsWith(':')) continue;
            var after = rest[1..].Trim();
            if (!headerOnly || after.Length == 0 || after.StartsWith('#')) return index;
        }
        return null;
    }
}
