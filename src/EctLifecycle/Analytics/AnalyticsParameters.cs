using EctLifecycle.Http;
using EctLifecycle.Projects;
using EctLifecycle.Scoring;

namespace EctLifecycle.Analytics;

public enum Period { Month, Quarter, Year }

/// <summary>What projects can be grouped by. Cohorts are fixed by each project's facts at the as-of date.</summary>
/// <remarks>Territory and PopulationClass read the commune staff placed the project in (Communes/Territory.cs).</remarks>
public enum CohortField { EmergenceContext, HubRole, LegalForm, Sector, Accompanied, EmergenceYear, Stopped, Territory, PopulationClass }

/// <summary>The milestone each project's clock is set to in an aligned drift (its first occurrence), or its emergence (its registration's business date).</summary>
public enum AlignAnchor { HubSupportEnded, LegalFormAdopted, CarrierLost, FirstFunding, Emergence }

/// <summary>
/// The two clocks and the grid of every analytics question: the business date <c>asOf</c>, the recording date
/// <c>knownAt</c> (only what was recorded by the end of that day, Paris time), and the grid version.
/// </summary>
public sealed record AnalyticsParameters(DateOnly AsOf, Grid Grid, DateOnly? KnownAt)
{
    /// <summary>The last instant of the recording date, or null for "everything recorded".</summary>
    public DateTimeOffset? RecordedBy => KnownAt is { } d ? BusinessCalendar.EndOf(d) : null;

    public static AnalyticsParameters Read(
        string? asOf, string? grid, string? knownAt, BusinessCalendar calendar, GridCatalog grids, Dictionary<string, string[]> errors)
    {
        var today = calendar.Today;
        var date = ReadDate("asOf", asOf, today, today, errors) ?? today;
        var known = string.IsNullOrWhiteSpace(knownAt) ? (DateOnly?)null : ReadDate("knownAt", knownAt, today, today, errors);
        var chosen = ReadGrid("grid", grid, grids, errors);
        return new AnalyticsParameters(date, chosen, known);
    }

    public static DateOnly? ReadDate(string field, string? text, DateOnly fallback, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        // Exactly YYYY-MM-DD, as every route reads a date (README): the pages pass what people type through
        // DateText.IsoOrAsTyped first.
        if (!DateText.TryParseIso(text, out var d))
        {
            errors[field] = [DateText.IsoProblem(text)];
            return null;
        }
        if (d < FieldReader.Earliest || d > today)
        {
            errors[field] = [$"la date doit être comprise entre le {FieldReader.Earliest:dd/MM/yyyy} et aujourd'hui ({today:dd/MM/yyyy})"];
            return null;
        }
        return d;
    }

    public static Grid ReadGrid(string field, string? version, GridCatalog grids, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(version)) return grids.Default;
        if (grids.Find(version) is { } grid) return grid;
        errors[field] = [$"grille inconnue « {version} », attendu parmi : {string.Join(", ", grids.Versions)}"];
        return grids.Default;
    }

    /// <summary>
    /// A whole number from <paramref name="min"/> to <paramref name="max"/>, as a person types it (« 1 000 »: spaces between
    /// thousands allowed); <paramref name="fallback"/> when absent; null and a French error naming the field when wrong.
    /// </summary>
    public static int? ReadCount(string field, string? text, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        var digits = string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '\u202F' && c != '\u00A0'));
        if (digits.Length is > 0 and <= 9 && digits.All(char.IsAsciiDigit) && int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) is var n
            && n >= min && n <= max)
            return n;
        var french = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        errors[field] = [$"un nombre entier de {min.ToString("N0", french)} à {max.ToString("N0", french)} était attendu, reçu « {text} »"
            .Replace('\u00A0', ' ').Replace('\u202F', ' ')];
        return null;
    }

    public static TEnum? ReadEnum<TEnum>(string field, string? text, TEnum? fallback, Dictionary<string, string[]> errors, bool required = false)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors[field] = [$"obligatoire, parmi : {string.Join(", ", Vocabulary.WireNames<TEnum>())}"];
            return fallback;
        }
        foreach (var value in Enum.GetValues<TEnum>())
            if (string.Equals(value.Wire(), text.Trim(), StringComparison.OrdinalIgnoreCase)) return value;
        errors[field] = [$"valeur inconnue « {text} », attendu parmi : {string.Join(", ", Vocabulary.WireNames<TEnum>())}"];
        return null;
    }
}
