using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

internal sealed partial class HistoryGenerator
{
    private static readonly ActorKind[] CommonKinds =
        [ActorKind.Association, ActorKind.PublicBody, ActorKind.Company, ActorKind.Farmer, ActorKind.Inhabitant];

    private static readonly ActorKind[] RareKinds = [ActorKind.ResearchBody, ActorKind.SupportStructure, ActorKind.Other];

    private static readonly string[] PublicReasons =
        ["fin du mandat municipal", "changement de priorités de la collectivité", "restrictions budgétaires"];

    private static readonly string[] InhabitantReasons =
        ["manque de temps des bénévoles", "déménagement hors du territoire", "essoufflement du collectif d'habitants"];

    private static readonly string[] BusinessReasons =
        ["cessation d'activité", "désaccord sur le modèle économique", "manque de temps pour le projet"];

    private static readonly string[] StructureReasons =
        ["changement de priorités de la structure", "la structure ne se reconnaît plus dans le projet", "désaccord sur la gouvernance"];

    private string LeaveReason(ActorKind kind) => kind switch
    {
        ActorKind.Hub => "fin de l'animation du collectif par le pôle",
        ActorKind.PublicBody => DemoNames.Pick(_rng, PublicReasons),
        ActorKind.Inhabitant => DemoNames.Pick(_rng, InhabitantReasons),
        ActorKind.Company or ActorKind.Farmer => DemoNames.Pick(_rng, BusinessReasons),
        _ => DemoNames.Pick(_rng, StructureReasons),
    };

    /// <summary>Actors gather in the first year, others join later; cooperation fades for some, and before a stop.</summary>
    private void Collective()
    {
        var s = _s.Strength;
        var kinds = CommonKinds.OrderBy(_ => _rng.Next()).Concat(RareKinds.OrderBy(_ => _rng.Next())).ToList();
        var used = new List<ActorKind>();
        ActorKind NextKind()
        {
            if (used.Count == 0 || (used.Count < kinds.Count && Chance(0.15 + 0.8 * s)))
            {
                used.Add(kinds[used.Count]);
                return used[^1];
            }
            return used[_rng.Next(used.Count)];
        }

        if (_s.Support == Support.Hub && _s.HubRole != HubRole.Absent && Chance(0.5))
            Join(DemoNames.Hub, ActorKind.Hub, true, Day(E, Min(E.AddDays(120), Until)), early: true,
                _s.HubRole == HubRole.Origin ? ActorRole.Initiator : ActorRole.Partner);

        var early = Math.Clamp((int)Math.Round(0.6 + s * 5.4 + (_rng.NextDouble() - 0.5) * 2), 1, 7);
        for (var i = 0; i < early; i++)
        {
            var kind = NextKind();
            var on = i == 0 ? Day(E, Min(E.AddDays(30), Until)) : Day(E, Min(E.AddDays(330), Until));
            Join(Fresh(kind), kind, Chance(0.3 + 0.68 * s), on, early: true, i == 0 ? ActorRole.Initiator : RoleOf(kind));
        }

        var late = _rng.Next(0, 2 + (int)(Years * 0.3 * _s.Density));
        for (var i = 0; i < late && E.AddDays(400) < Until; i++)
        {
            var kind = NextKind();
            Join(Fresh(kind), kind, Chance(0.35 + 0.6 * s), Day(E.AddDays(400), Until), early: false, RoleOf(kind));
        }

        foreach (var m in _members.ToList())
        {
            var (p, from, to) = _s.Fading && m.Early
                ? (0.7, E.AddDays(540), E.AddDays(1460))
                : (0.08 + 0.3 * (1 - s), m.Joined.AddDays(365), m.Joined.AddDays(1800));
            if (Chance(p)) Leave(m, Day(from, to));
        }

        if (_s.StopOn is { } stop)
            foreach (var m in _members.Where(m => m.Left is null).ToList())
                if (Chance(0.55)) Leave(m, Day(stop.AddDays(-300), Until));
    }

    private ActorRole RoleOf(ActorKind kind) => kind switch
    {
        ActorKind.PublicBody => Chance(0.6) ? ActorRole.Funder : ActorRole.Partner,
        ActorKind.Inhabitant => ActorRole.BeneficiariesRepresentative,
        _ => ActorRole.Partner,
    };

    private string Fresh(ActorKind kind)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = attempt < 12 ? DemoNames.Actor(_rng, kind) : $"{DemoNames.Actor(_rng, kind)} {attempt}";
            if (_names.Add(name)) return name;
        }
    }

    private void Join(string name, ActorKind kind, bool local, DateOnly on, bool early, ActorRole role)
    {
        _names.Add(name);
        _members.Add(new Member(name, kind, on, early));
        // The demo's inhabitants are collectives (« Collectif d'habitants de … »): staff say they are no natural person.
        Add(new ActorJoinedCollective(Id, on, Staff(), name, kind, local, role, kind == ActorKind.Inhabitant ? false : null,
            IntroducedBy: DemoIntroductions.ByHub(_s, name, kind) ? ActorReference.Hub : null));
    }

    private void Leave(Member m, DateOnly on)
    {
        if (m.Left is not null) return;
        if (on <= m.Joined) on = m.Joined.AddDays(1);
        if (on > Until) return;
        m.Left = on;
        Add(new ActorLeftCollective(Id, on, Staff(), m.Name, LeaveReason(m.Kind)));
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
