using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace EctLifecycle.Projects;

/// <summary>
/// Names found in the events' texts by their words: case ignored, whole words only, whatever separates them (spaces,
/// hyphens, apostrophes, line breaks), so that « Marie Dupont » is found in « vu avec MARIE DUPONT » and « Marie-Dupont »
/// but not in « Mariette Dupontel ». A name is known by its <see cref="KeyOf">key</see>: its words in lower case.
/// </summary>
public sealed class NameFinder
{
    private readonly Dictionary<string, List<(string Key, string[] Words)>> _byFirstWord = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<(string Key, string[] Words)>>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    // Word bounds of the text being searched, reused from one text to the next.
    private readonly List<(int Start, int Length)> _words = [];

    public NameFinder(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var words = WordsOf(name);
            if (words.Length == 0) continue;
            var key = string.Join(' ', words).ToLowerInvariant();
            if (!_byFirstWord.TryGetValue(words[0], out var list)) _byFirstWord[words[0]] = list = [];
            if (!list.Exists(n => n.Key == key)) list.Add((key, words));
        }
        _lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool IsEmpty => _byFirstWord.Count == 0;

    /// <summary>A name's key: its words in lower case, one space apart; empty when it has no word.</summary>
    public static string KeyOf(string name) => string.Join(' ', WordsOf(name)).ToLowerInvariant();

    /// <summary>Adds to <paramref name="found"/> the key of every name that <paramref name="text"/> holds.</summary>
    public void FindIn(string text, ISet<string> found)
    {
        if (IsEmpty) return;
        _words.Clear();
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            _words.Add((start, i - start));
        }
        for (var w = 0; w < _words.Count; w++)
        {
            if (!_lookup.TryGetValue(text.AsSpan(_words[w].Start, _words[w].Length), out var names)) continue;
            foreach (var (key, words) in names)
                if (w + words.Length <= _words.Count && Follow(text, w, words)) found.Add(key);
        }
    }

    /// <summary>The keys of the names found in every text of <paramref name="e"/>.</summary>
    public HashSet<string> FindIn(IProjectEvent e)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in EventTexts.Of(e)) FindIn(text, found);
        return found;
    }

    private bool Follow(string text, int at, string[] words)
    {
        for (var k = 1; k < words.Length; k++)
        {
            var (start, length) = _words[at + k];
            if (!text.AsSpan(start, length).Equals(words[k], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    private static string[] WordsOf(string text)
    {
        var words = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            words.Add(text[start..i]);
        }
        return words.ToArray();
    }
}

/// <summary>
/// Every text an event holds, as stored: names, notes, reasons, what remains of a stop, follow-ups, rationales, its
/// source. Read from the event's own properties, so that a field added later is searched too; who logged it (a staff
/// login) is not a text about the project.
/// </summary>
public static class EventTexts
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static IEnumerable<string> Of(IProjectEvent e) => Texts(e);

    private static IEnumerable<string> Texts(object value)
    {
        foreach (var property in Properties.GetOrAdd(value.GetType(), Readable))
        {
            switch (property.GetValue(value))
            {
                case string text: yield return text; break;
                case IEnumerable items:
                    foreach (var item in items)
                    {
                        if (item is string s) yield return s;
                        else if (item is not null && !item.GetType().IsPrimitive && !item.GetType().IsEnum)
                            foreach (var inner in Texts(item)) yield return inner;
                    }
                    break;
            }
        }
    }

    private static PropertyInfo[] Readable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != nameof(IProjectEvent.LoggedBy)
                && typeof(IEnumerable).IsAssignableFrom(p.PropertyType)) // strings and lists
            .ToArray();
}
