using System.Globalization;
using System.Text;

namespace EctLifecycle.Actors;

/// <summary>How the directory compares names: without accents, case, punctuation or repeated spaces; and how far two are.</summary>
public static class ActorNames
{
    /// <summary>« Mairie de Lons-le-Saunier » and « MAIRIE DE LONS LE SAUNIER » share the key « mairie de lons le saunier ».</summary>
    public static string Key(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                key.Append(' ');
                space = true;
            }
        }
        return key.ToString().TrimEnd().Replace("œ", "oe").Replace("æ", "ae");
    }

    /// <summary>The edit distance (insertions, deletions, substitutions) between two keys, stopping above <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                best = Math.Min(best, current[j]);
            }
            if (best > max) return max + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>How a project's actors compare names (ProjectState: trimmed, case ignored): the key of a link.</summary>
    public static string AsInProject(string name) => name.Trim().ToLowerInvariant();
}
