using EctLifecycle.Http;

namespace EctLifecycle.Projects;

/// <summary>
/// What the project produces, measured at a business date: any of the measures (a null one was not measured then).
/// Each measure holds from its date until the next measurement of the same measure; an activity volume is a measure per
/// unit (baskets and tonnes are two measures, never added together).
/// </summary>
public sealed record OutputsMeasured(
    Guid ProjectId, DateOnly OccurredOn, string LoggedBy,
    long? Beneficiaries, decimal? JobsFte, long? Volunteers, decimal? ActivityVolume, string? ActivityUnit,
    decimal? TurnoverEuros, string? Note) : ProjectFact, IProjectEvent;

/// <summary>
/// One measure's value at a date, as the card, the analyses and the reports read it. <see cref="Unit"/> is the unit as it is
/// compared (<see cref="OutputsMeasuredKind.UnitOf"/>), <see cref="UnitAsTyped"/> as the staff wrote it, which is shown
/// (« MWh », not « mwh »).
/// </summary>
public sealed record OutputValue(string Measure, string? Unit, decimal Value, DateOnly On)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string? UnitAsTyped { get; init; }
}

public sealed class OutputsMeasuredKind : MilestoneKind<OutputsMeasured>
{
    public override string Type => "outputsMeasured";
    public override string Label => "Production mesurée";
    public override int Order => 165;
    public override string Help =>
        "Ce que le projet produit, mesuré à la date du fait : bénéficiaires et volume d'activité sur les 12 mois qui " +
        "précèdent, emplois (en ETP) et bénévoles à cette date, chiffre d'affaires annuel. Ne remplissez que ce qui est " +
        "mesuré : chaque mesure vaut jusqu'à la mesure suivante de la même chose (même unité pour un volume).";

    /// <summary>Above these a value reads as a typo (a territorial project, a zero too many), refused with the limit.</summary>
    public const long MaxBeneficiaries = 10_000_000, MaxVolunteers = 100_000;
    public const decimal MaxJobsFte = Field.MaxJobs, MaxVolume = 1_000_000_000m;

    /// <summary>The measures' wire names (API, CSV) and French labels, in the order they are shown.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> Measures =
    [
        ("beneficiaries", "Bénéficiaires (12 derniers mois)"), ("jobsFte", "Emplois (ETP)"), ("volunteers", "Bénévoles"),
        ("activityVolume", "Volume d'activité (12 derniers mois)"), ("turnoverEuros", "Chiffre d'affaires annuel (€)"),
    ];

    public static bool IsMeasure(string measure) => Measures.Any(m => m.Id == measure);

    public static string LabelOf(string measure) => Measures.FirstOrDefault(m => m.Id == measure).Label ?? measure;

    /// <summary>A measure's French name, with its unit as shown when it has one: « Volume d'activité (12 derniers mois) — MWh ».</summary>
    public static string LabelOf(string measure, string? unit) => LabelOf(measure) + (unit is null ? "" : $" — {unit}");

    private static MilestoneField<long?> Count(string name, string label, string header, long max, string help) =>
        new(name, label, header, Entry.Number, false, null, help, (r, f) =>
        {
            var n = r.Long(f, 0, required: false);
            if (n > max) { r.Error(f, $"au plus {AmountText.Format(max)} : vérifiez la valeur (un zéro de trop ?)"); return null; }
            return n;
        });

    private static MilestoneField<decimal?> Quantity(string name, string label, string header, decimal max, string help) =>
        new(name, label, header, Entry.Number, false, null, help, (r, f) => r.Quantity(f, max));

    private static readonly MilestoneField<long?> Beneficiaries = Count("beneficiaries", "Bénéficiaires", "bénéficiaires", MaxBeneficiaries,
        "Personnes touchées sur les 12 mois qui précèdent la date.");
    private static readonly MilestoneField<decimal?> JobsFte = Quantity("jobsFte", "Emplois (ETP)", "emplois (ETP)", MaxJobsFte,
        "Équivalents temps plein à cette date, par exemple 2,5.");
    private static readonly MilestoneField<long?> Volunteers = Count("volunteers", "Bénévoles", "bénévoles", MaxVolunteers,
        "Bénévoles actifs à cette date.");
    private static readonly MilestoneField<decimal?> ActivityVolume = Quantity("activityVolume", "Volume d'activité", "volume d'activité", MaxVolume,
        "Sur les 12 mois qui précèdent la date, dans l'unité ci-dessous, par exemple 1 200 ou 3,5.");
    private static readonly MilestoneField<string?> ActivityUnit = new("activityUnit", "Unité du volume", "unité du volume", Entry.Text, false, null,
        "Paniers, tonnes, visites… Obligatoire avec un volume.", (r, f) => r.String(f, false, max: 60));
    private static readonly MilestoneField<decimal?> TurnoverEuros = new("turnoverEuros", "Chiffre d'affaires annuel (€)", "chiffre d'affaires (€)",
        Entry.Number, false, null, "Par exemple 15000, 15 000 ou 15 000,50.", (r, f) => r.Amount(f, required: false));
    private static readonly MilestoneField<string?> Note = Field.OptionalLongText("note", "Note", "note");

    public override IReadOnlyList<MilestoneField> Fields =>
        [Beneficiaries, JobsFte, Volunteers, ActivityVolume, ActivityUnit, TurnoverEuros, Note];

    protected override OutputsMeasured Read(FieldReader r, MilestoneHeader h)
    {
        var e = new OutputsMeasured(h.ProjectId, h.OccurredOn, h.LoggedBy, Beneficiaries.Read(r), JobsFte.Read(r), Volunteers.Read(r),
            ActivityVolume.Read(r), ActivityUnit.Read(r), TurnoverEuros.Read(r), Note.Read(r));
        if (r.Has(ActivityVolume.Name) && e.ActivityUnit is null && !r.Errors.ContainsKey(ActivityUnit.Name))
            r.Error(ActivityUnit.Name, "l'unité est obligatoire avec un volume d'activité (paniers, tonnes, visites…)");
        if (e.ActivityUnit is not null && !r.Has(ActivityVolume.Name))
            r.Error(ActivityVolume.Name, $"une unité (« {e.ActivityUnit} ») est donnée sans volume d'activité");
        if (!Measures.Any(m => r.Has(m.Id)))
            r.Error(Beneficiaries.Name, "une production mesurée donne au moins une mesure : bénéficiaires, emplois (ETP), bénévoles, " +
                "volume d'activité (avec son unité) ou chiffre d'affaires");
        return e;
    }

    protected override ProjectState Apply(ProjectState state, OutputsMeasured e) =>
        state with { Outputs = state.Outputs.Add(e), LatestOutputs = After(state.LatestOutputs, e) };

    protected override string Summary(OutputsMeasured e) =>
        " : " + string.Join(", ", ValuesOf(e).Select(Phrase)) + (e.Note is { } n ? $" — {n}" : "");

    /// <summary>A value in a French phrase: « 2,5 ETP », « 120 bénéficiaires », « 1 200 paniers », « chiffre d'affaires 15 000,5 € ».</summary>
    public static string Phrase(OutputValue v) => v.Measure switch
    {
        "beneficiaries" => $"{Format(v)} bénéficiaires",
        "jobsFte" => $"{Format(v)} ETP",
        "volunteers" => $"{Format(v)} bénévoles",
        "turnoverEuros" => $"chiffre d'affaires {Format(v)}",
        _ => Format(v),
    };

    /// <summary>The measures the event gives.</summary>
    public static IEnumerable<OutputValue> ValuesOf(OutputsMeasured e)
    {
        if (e.Beneficiaries is { } b) yield return new("beneficiaries", null, b, e.OccurredOn);
        if (e.JobsFte is { } j) yield return new("jobsFte", null, j, e.OccurredOn);
        if (e.Volunteers is { } v) yield return new("volunteers", null, v, e.OccurredOn);
        if (e.ActivityVolume is { } a) yield return new("activityVolume", UnitOf(e.ActivityUnit), a, e.OccurredOn) { UnitAsTyped = UnitShown(e.ActivityUnit) };
        if (e.TurnoverEuros is { } t) yield return new("turnoverEuros", null, t, e.OccurredOn);
    }

    /// <summary>Units compared as staff mean them: « Paniers » and « paniers » are one unit (shown as typed: <see cref="OutputValue.UnitAsTyped"/>).</summary>
    public static string UnitOf(string? unit) => (unit ?? "").Trim().ToLowerInvariant();

    /// <summary>
    /// A unit as it is shown: as typed, but for the capital a word of 4 letters or more takes only because it begins the entry
    /// (« Tonnes » is shown « tonnes »); a symbol's capitals are kept (« MWh », « kWh », « Wh », « Mwh »).
    /// </summary>
    public static string? UnitShown(string? unit)
    {
        var typed = unit?.Trim();
        if (string.IsNullOrEmpty(typed)) return null;
        return typed.Length >= 4 && char.IsUpper(typed[0]) && !typed.Skip(1).Any(char.IsUpper)
            ? char.ToLower(typed[0], System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) + typed[1..] : typed;
    }

    /// <summary>
    /// The value each measure holds in this state (the last measurement of it in business order, of the latest recorded
    /// on a same day): a volume per unit, in the measures' order, then the units'.
    /// </summary>
    /// <remarks>
    /// Kept with the state (<see cref="ProjectState.LatestOutputs"/>) and brought up to date by each measurement, where it
    /// was computed from every measurement for each period the score history folds. A list whatever the state, none
    /// measured included (the reports that compare their values compare their types too).
    /// </remarks>
    public static IReadOnlyList<OutputValue> Latest(ProjectState state) =>
        state.LatestOutputs.Count == 0 ? new List<OutputValue>() : state.LatestOutputs;

    /// <summary>The latest values after <paramref name="e"/>: each of its measures replaces the value of the same measure and unit, or is added.</summary>
    private static List<OutputValue> After(IReadOnlyList<OutputValue> latest, OutputsMeasured e)
    {
        var after = new List<OutputValue>(latest);
        foreach (var v in ValuesOf(e))
        {
            var at = after.FindIndex(x => x.Measure == v.Measure && x.Unit == v.Unit);
            if (at >= 0) after[at] = v;
            else after.Add(v);
        }
        return after.OrderBy(v => MeasureOrder.GetValueOrDefault(v.Measure, -1)).ThenBy(v => v.Unit, StringComparer.Ordinal).ToList();
    }

    private static readonly Dictionary<string, int> MeasureOrder = Measures.Select((m, i) => (m.Id, i)).ToDictionary(x => x.Id, x => x.i);

    /// <summary>A value as the French write it, with its unit: « 2,5 », « 15 000,5 € », « 1 200 paniers ».</summary>
    public static string Format(OutputValue v) => v.Measure switch
    {
        "turnoverEuros" => AmountText.Euros(v.Value),
        "activityVolume" => $"{AmountText.Format(v.Value)} {v.UnitAsTyped ?? v.Unit}",
        _ => AmountText.Format(v.Value),
    };

    // The unit is a word of the activity (paniers, tonnes), by which volumes are grouped: kept as a code.
    public override IReadOnlyList<string> FreeText => ["Note"];
    public override IReadOnlyList<string> Codes => ["ActivityUnit"];

    protected override OutputsMeasured Rewrite(OutputsMeasured e, ITextRewriter m) => e with { Note = m.Optional(e.Note) };
}
