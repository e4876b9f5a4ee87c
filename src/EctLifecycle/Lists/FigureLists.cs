namespace EctLifecycle.Lists;

// The closed lists of the entrepreneurial figure and of projects born of others (issue 18).

/// <summary>
/// Who carries a project: a person, a structure, or the hub itself « dans l'attente de l'identification d'un porteur »
/// (seed <c>000_63fefee6844dd0ec.txt</c>). A carrier logged before the type existed has none: its type is not said.
/// </summary>
public enum CarrierType { Person, Structure, HubAwaitingCarrier }

/// <summary>How the carrier stands in the project: employed for it, a volunteer, an elected representative, or in business.</summary>
public enum CarrierStatus { Salaried, Volunteer, Elected, InBusiness }

/// <summary>The time the carrier gives the project.</summary>
public enum TimeGiven { FullTime, PartTime, Occasional }

/// <summary>What a project was born of (réplicabilité).</summary>
public enum BirthOrigin { OtherProjectCarrier, OtherProjectCollective, HubMethod, SpinOff, ReplicationElsewhere }
