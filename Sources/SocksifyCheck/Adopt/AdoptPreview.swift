/// The flags adopt would add, for a user who must add them by hand.
public enum AdoptPreview {
    public static func defines(_ options: AdoptOptions) -> String {
        AdoptProfile(profile: options.profile, library: options.library).defines
    }

    public static func linkFlag(_ options: AdoptOptions) -> String {
        AdoptProfile(profile: options.profile, library: options.library).linkFlag
    }
}
