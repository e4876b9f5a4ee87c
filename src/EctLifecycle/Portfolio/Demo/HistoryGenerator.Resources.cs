using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

internal sealed partial class HistoryGenerator
{
    private static readonly string[] PublicFunders =
    [
        "Conseil régional", "Conseil départemental", "Communauté de communes du Val d'Arvelle", "Agence de l'eau",
        "Fonds européen LEADER", "Services de l'État",
    ];

    private static readonly string[] Calls =
    [
        "Appel à projets Alimentation locale", "Appel à projets Tiers-lieux", "Appel à projets Économie circulaire",
        "Appel à manifestation d'intérêt Mobilités rurales", "Appel à projets Transition énergétique",
    ];

    private int _fundingNo;
    private readonly List<(string Id, DateOnly On)> _open = [];

    /// <summary>Resources come and go: yearly subsidies, calls for projects, sales, memberships, volunteering, loans.</summary>
    private void Resources()
    {
        var s = _s.Strength;
        var start = _s.Path == StructuringPath.RemainsIdea ? E.AddDays(60) : _operatingFrom;
        if (start > Until) return;
        var density = _s.Density;

        if (_s.Path == StructuringPath.RemainsIdea)
        {
            if (Chance(0.5)) Secure(Plus(start, 0, 200), FundingSourceKind.VolunteeringInKind, "Bénévoles du collectif", Hundreds(10, 60), null);
            if (Chance(0.4)) Secure(Plus(start, 0, 400), FundingSourceKind.CallForProjects, DemoNames.Pick(_rng, Calls), Thousands(2, 15), 365);
            Close();
            return;
        }

        if (_s.Perfusion)
            Secure(Plus(start, 0, 120), FundingSourceKind.PublicSubsidy, "Convention pluriannuelle " + DemoNames.Pick(_rng, PublicFunders),
                Thousands(40, 110), null);
        for (var year = start.Year; year <= Until.Year; year++)
        {
            var from = Max(start, new DateOnly(year, 1, 15));
            if (Chance((_s.Perfusion ? 0.6 : 0.15 + 0.35 * (1 - s)) * density))
                Secure(Day(from, new DateOnly(year, 5, 31)), FundingSourceKind.PublicSubsidy, DemoNames.Pick(_rng, PublicFunders),
                    Thousands(3, 30), _rng.Next(330, 400));
            if (Chance(0.12 * density))
                Secure(Day(from, new DateOnly(year, 10, 31)), FundingSourceKind.CallForProjects, DemoNames.Pick(_rng, Calls),
                    Thousands(10, 60), _rng.Next(365, 731));
        }

        if (Chance(_s.Perfusion ? 0.5 : 0.25 + 0.75 * s))
        {
            var amount = _s.Perfusion ? Hundreds(10, 50) : Thousands(5 + (int)(s * 60), 36 + (int)(s * 60));
            var on = Plus(start, 30, 400);
            // Over a long life the activity changes and its sales are logged as a new stream.
            while (on <= Until)
            {
                var renewed = Chance(0.25 * density) ? _rng.Next(900, 2500) : (int?)null;
                Secure(on, FundingSourceKind.Sales, DemoNames.Pick(_rng, Customers), amount, renewed);
                if (renewed is null) break;
                on = on.AddDays(renewed.Value + _rng.Next(1, 60));
                amount = Math.Max(1000m, amount + Thousands(-5, 15));
            }
        }
        if (Chance(0.15 + 0.5 * s)) Secure(Plus(start, 0, 365), FundingSourceKind.Memberships, "Adhérents et sociétaires", Hundreds(5, 60), null);
        if (Chance(0.2 + 0.45 * s)) Secure(Plus(start, 0, 300), FundingSourceKind.VolunteeringInKind, "Bénévoles du collectif", Hundreds(20, 150), null);
        if (Chance(0.3 * density)) Secure(Day(start, Until), FundingSourceKind.Donations, "Donateurs particuliers", Hundreds(5, 50), 365);
        if (_s.Path == StructuringPath.NewLegalEntity && Chance(0.3))
            Secure(Plus(start, 0, 200), FundingSourceKind.Loan, "Banque coopérative du Val", Thousands(10, 80), _rng.Next(3 * 365, 6 * 365));
        if (Chance(0.25 * density))
            Secure(Day(start, Until), FundingSourceKind.PrivateFoundation, Chance(0.5) ? "Fondation Terres Solidaires" : "Fondation des Combes",
                Thousands(5, 30), _rng.Next(365, 3 * 365));
        Close();
    }

    private static readonly string[] Customers =
        ["Ventes aux particuliers", "Restauration collective", "Clients professionnels", "Usagers du service"];

    private decimal Thousands(int min, int max) => _rng.Next(min, max + 1) * 1000m;

    private decimal Hundreds(int min, int max) => _rng.Next(min, max + 1) * 100m;

    private void Secure(DateOnly on, FundingSourceKind kind, string funder, decimal amount, int? lastsDays)
    {
        if (on > Until || on < E) return;
        var id = $"F{++_fundingNo:00}";
        var end = lastsDays is { } days ? on.AddDays(days) : (DateOnly?)null;
        var periodEnd = end is { } pe && pe <= _s.Horizon && kind.IsPublic() ? pe : (DateOnly?)null;
        Add(new FundingSecured(Id, on, Staff(), id, kind, funder, amount, periodEnd is null ? null : on, periodEnd));
        if (end is { } e && e <= Until)
            Add(new FundingEnded(Id, e, Staff(), id, kind.IsPublic() ? "fin de la période financée" : null));
        else
            _open.Add((id, on));
    }

    /// <summary>Before a stop, the resources that were still running end.</summary>
    private void Close()
    {
        if (_s.StopOn is null) return;
        foreach (var (id, on) in _open)
            if (Max(on.AddDays(1), Day(Until.AddDays(-200), Until)) is var endOn && endOn <= Until)
                Add(new FundingEnded(Id, endOn, Staff(), id, Chance(0.5) ? "financement perdu" : "arrêt de l'activité"));
        _open.Clear();
    }
}
