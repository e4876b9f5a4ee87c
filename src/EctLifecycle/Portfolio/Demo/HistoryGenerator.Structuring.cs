using EctLifecycle.Projects;

namespace EctLifecycle.Portfolio.Demo;

internal sealed partial class HistoryGenerator
{
    private static readonly string[] LossReasons =
    [
        "départ du porteur : déménagement", "épuisement du porteur", "le porteur a repris un emploi salarié",
        "raisons de santé", "le porteur se consacre à un autre projet",
    ];

    private string? _host;

    /// <summary>
    /// The entrepreneurial figure: a person or a structure, sometimes the hub until it hands over. Staff say which
    /// carriers are natural persons (no random draw for it, so the demo's figures stay the same).
    /// </summary>
    private void Carrying()
    {
        var first = DemoNames.Person(_rng);
        switch (_s.Carrier)
        {
            case CarrierStory.Kept when Increasing(E, 1, 0, 300) is [var on]:
                Add(Identified(on, Staff(), Chance(0.35) ? StructureCarrier() : first));
                break;
            case CarrierStory.Lost when Increasing(E, 2, 200, 1400) is [var on, var lost]:
                Add(Identified(on, Staff(), first));
                Add(new CarrierLost(Id, lost, Staff(), DemoNames.Pick(_rng, LossReasons)));
                break;
            case CarrierStory.LostThenNew when Increasing(E, 3, 200, 1000) is [var on, var lost, var found]:
                Add(Identified(on, Staff(), first));
                Add(new CarrierLost(Id, lost, Staff(), DemoNames.Pick(_rng, LossReasons)));
                Add(Identified(found, Staff(), Other(first)));
                break;
            case CarrierStory.HandedOver when Increasing(E, 2, 200, 1000) is [var on, var handed]:
                Add(Identified(on, Staff(), first));
                Add(HandedOver(handed, Staff(), first, StructureCarrier(), _s.Support == Support.Hub));
                break;
            case CarrierStory.HubCarried when Increasing(E, 2, 150, 900) is [var on, var handed]:
                Add(Identified(on, Staff(), DemoNames.Hub));
                Add(HandedOver(handed, Staff(), DemoNames.Hub, Chance(0.5) ? first : StructureCarrier(), true));
                break;
        }
    }

    // Who logs is drawn before the carrier, as always: the arguments keep the order of the random draws.
    private CarrierIdentified Identified(DateOnly on, string staff, string carrier) =>
        new(Id, on, staff, carrier, DemoNames.IsPerson(carrier));

    private CarryingHandedOver HandedOver(DateOnly on, string staff, string from, string to, bool byHub) =>
        new(Id, on, staff, from, to, byHub, DemoNames.IsPerson(to));

    private string Other(string person)
    {
        for (var i = 0; i < 10; i++)
            if (DemoNames.Person(_rng) is var p && p != person) return p;
        return StructureCarrier();
    }

    /// <summary>A structure of the collective that never leaves it (the host, for an extension), else a new association.</summary>
    private string StructureCarrier()
    {
        if (_s.Path == StructuringPath.ExtensionOfExistingStructure) return Host();
        var candidates = _members.Where(m => m.Left is null && m.Kind is ActorKind.Association or ActorKind.Company).ToList();
        return candidates.Count > 0 ? DemoNames.Pick(_rng, candidates).Name : DemoNames.Actor(_rng, ActorKind.Association);
    }

    private string Host() => _host ??=
        _members.Where(m => m.Left is null && m.Kind == ActorKind.Association).Select(m => m.Name).FirstOrDefault()
        ?? DemoNames.Actor(_rng, ActorKind.Association);

    /// <summary>The structuring path, then the legal form (sometimes an association first, transformed later).</summary>
    private void Structuring()
    {
        var chosen = Min(Plus(E, 30, 540), Until);
        _operatingFrom = chosen;
        switch (_s.Path)
        {
            case StructuringPath.RemainsIdea:
                if (Chance(0.85)) Add(new StructuringPathChosen(Id, chosen, Staff(), StructuringPath.RemainsIdea, null));
                return;
            case StructuringPath.ExtensionOfExistingStructure:
                Add(new StructuringPathChosen(Id, chosen, Staff(), StructuringPath.ExtensionOfExistingStructure, Host()));
                if (_s.Form is { } hostForm)
                    Add(new LegalFormAdopted(Id, Min(Plus(chosen, 0, 60), Until), Staff(), hostForm, _s.InEss, null));
                return;
            default:
                Add(new StructuringPathChosen(Id, chosen, Staff(), StructuringPath.NewLegalEntity, null));
                if (_s.Form is not { } form) return;
                var staged = form is LegalForm.Scic or LegalForm.AssociationPlusSas && Chance(0.35);
                var dates = staged ? Increasing(chosen.AddDays(1), 2, 500, 1400) : Increasing(chosen.AddDays(1), 1, 30, 400);
                if (dates.Count == 0) return;
                if (staged && dates.Count == 2)
                    Add(new LegalFormAdopted(Id, dates[0], Staff(), LegalForm.Association, true, null));
                Add(new LegalFormAdopted(Id, dates[^1], Staff(), form, _s.InEss, null));
                _operatingFrom = dates[0];
                return;
        }
    }
}
