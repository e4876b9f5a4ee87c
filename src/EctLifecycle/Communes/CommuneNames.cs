using System.Globalization;
using System.Text;

namespace EctLifecycle.Communes;

/// <summary>
/// A commune's name as matching compares it: no accents, no case, hyphens and apostrophes as spaces, « St » and
/// « Ste » read as « Saint » and « Sainte ». « ST-AMOUR » and « Saint Amour » are one name; « Lons le Saunier » is
/// « Lons-le-Saunier ».
/// </summary>
public static class CommuneNames
{
    public static string Key(string text)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var b = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            switch (c)
            {
                case 'œ' or 'Œ': b.Append("oe"); break;
                case 'æ' or 'Æ': b.Append("ae"); break;
                case var l when char.IsLetterOrDigit(l): b.Append(char.ToLowerInvariant(l)); break;
                default: b.Append(' '); break;
            }
        }
        var words = b.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w switch { "st" => "saint", "ste" => "sainte", _ => w });
        return string.Join(' ', words);
    }
}
