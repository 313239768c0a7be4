"""What a label candidate is, as typed features: where it sits, the form of its words, the party it
names and the cues around it. Candidates (extract/candidates.py) are built with these; the judge
(extract/judge.py) weighs them with the weights in `rules/recognition/judge.toml`, and the report shows the
deciding ones as the label's `why`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from disclosure_lint.extract.names import Party, PartyKind

__all__ = ["Candidate", "Cue", "Form", "Party", "PartyKind", "Place"]


class Place(str, Enum):
    """Where on the page the words sit, as a reader meets them."""

    TITLE = "title"  # the page's <title> or social title
    KICKER = "kicker"  # above the headline
    HEADLINE = "headline"
    HEADER = "header"  # after the headline, before the body: standfirst, date line, label line
    BYLINE = "byline"  # a byline or author line
    LEAD = "lead"  # the first paragraphs of the body
    BODY = "body"
    CAPTION = "caption"  # a picture's caption
    BOTTOM = "bottom"  # the last stretch of the body, or after it
    NAVIGATION = "navigation"  # an item of a menu-like list of links
    AD_SLOT = "ad-slot"  # the marker of an advertisement container
    FOOTER = "footer"


class Form(str, Enum):
    """The shape of the words."""

    BARE = "bare"  # the term alone: "Anzeige", "PAID POST"
    BRACKETED = "bracketed"  # "[Werbung] Mein Föhn"
    DEFINED = "term+definition"  # "Underwritten: Produced with financial support ..."
    CONNECTOR = "connector+party"  # "Sponsored by Acme", "Contenu sponsorisé par" + logo
    SUFFIX = "party+term"  # "Acme BrandVoice"
    LEADING = "label+sentence"  # "Anzeige: Dieser Beitrag entstand ..."
    RUN_IN = "run-in"  # a label running straight into the first sentence: "PAID POST The future of ..."
    STATEMENT = "statement"  # a sentence about this piece: "This episode is sponsored by ..."
    THANKS = "thanks"  # "Thanks to Acme for sponsoring this post"
    NOTICE = "notice"  # a formula: "As an Amazon Associate I earn from qualifying purchases"
    LABEL = "label"  # a labelling phrase a shape knows: "Thanks to our sponsors"
    DENIAL = "denial"  # "This review is not sponsored"
    SITE_WIDE = "site-wide"  # "This site contains affiliate links"
    OTHER_SUBJECT = "other-subject"  # "The bill, sponsored by Senator ..."
    QUOTATION = "quotation"  # the words quoted or searched for, not said
    PARTNERSHIP = "partnership"  # "Gemeinsam mit der Nordsee Krankenkasse haben wir": names a partner, labels nothing
    MENTION = "mention"  # a term inside running text, nothing more


class Cue(str, Enum):
    """What else the words and their element say."""

    THIS_PIECE = "this-piece"  # the words point at the piece: "this article", "today's issue"
    DENIAL = "denial"  # a negation just before the term
    SITE_WIDE = "site-wide"  # the subject is the whole site, channel or app
    OTHER_SUBJECT = "other-subject"  # the subject is something else: a bill, a shirt, a project
    HYPOTHETICAL = "hypothetical"  # "If you received a free copy ..."
    QUOTED = "quoted"  # the term stands in quotation marks
    FIRST_PERSON = "first-person"  # "I received", "we earn"
    ADVERTISER_MADE = "advertiser-made"  # "produced by the advertiser and not by our editorial staff"
    OWN_ELEMENT = "own-element"  # the words are an element of their own (a label box)
    HEADING = "heading"  # the words are a heading
    AFTER_CAPTION = "after-caption"  # after "Content type:" and the like
    EXPLAINED = "explained"  # an explainer ("What is this?") sits next to it
    LONG = "long"  # the sentence runs long for a disclosure
    QUESTION = "question"  # the sentence asks: "Is this post sponsored?", "What is sponsored content?"
    HASHTAG = "hashtag"  # the term is a hashtag ("#ad"): a post's own label wherever it stands
    CAPITALS = "capitals"  # the term is set in capitals, as labels are: "SPONSORED", "PAID POST"
    RETRACTED = "retracted"  # the sentence takes it back: "... but it has yet to pay"
    SHORT_PAGE = "short-page"  # the page has almost no body copy


@dataclass(slots=True)
class Candidate:
    """One stretch of text that may be a label or disclosure, with its features."""

    block: int
    start: int  # offsets of the shown text in the block's text
    end: int
    category: str
    strength: str
    form: Form
    place: Place
    party: Party
    language: str  # the vocabulary that read it
    term: str = ""  # the vocabulary term, or the shape's name when no term was matched
    word_language: str = ""
    meaning: str = ""
    shape: str = ""
    cues: set[Cue] = field(default_factory=set)
    definition: str | None = None
    explainer: str | None = None  # the explainer text next to it ("What is this?")

    def features(self) -> list[str]:
        """The candidate's features as the judge's weight names ("form:statement", "cue:denial" ...)."""
        names = [f"form:{self.form.value}", f"place:{self.place.value}", f"party:{self.party.kind.value}",
                 f"strength:{self.strength}", f"category:{self.category}"]
        names += sorted(f"cue:{cue.value}" for cue in self.cues)
        return names


# How a feature reads in a report: "form:statement" -> "statement about this piece".
_WORDS = {
    "form:bare": "bare term", "form:bracketed": "bracketed", "form:term+definition": "term with definition",
    "form:connector+party": "names who", "form:party+term": "party before term",
    "form:label+sentence": "label: sentence",
    "form:run-in": "runs into the text", "form:statement": "statement about this piece", "form:thanks": "thanks",
    "form:notice": "notice", "form:label": "labelling phrase", "form:denial": "denial", "form:site-wide": "site-wide",
    "form:other-subject": "about something else", "form:quotation": "quoted", "form:mention": "mentioned in passing",
    "form:partnership": "names a partner",
    "party:organisation": "names an organisation", "party:person": "names a person", "party:role": "names a role only",
    "party:logo": "sponsor in a logo", "party:nobody": "names nobody", "party:unclear": "names nobody identifiable",
    "cue:this-piece": "points at this piece", "cue:own-element": "own element", "cue:after-caption": "after a caption",
    "cue:denial": "negated", "cue:site-wide": "about the site", "cue:other-subject": "about something else",
    "cue:hypothetical": "hypothetical", "cue:quoted": "in quotation marks", "cue:long": "long sentence",
    "cue:question": "a question", "cue:retracted": "taken back", "party:audience": "thanks the audience",
}


def describe(why: tuple[str, ...] | list[str]) -> list[str]:
    """The deciding features in a word or two each, for reports and messages."""
    words = []
    for feature in why:
        for part in feature.split(" & "):
            kind, _, value = part.partition(":")
            words.append(_WORDS.get(part) or (f"in the {value}" if kind == "place" else value.replace("-", " ")))
    return list(dict.fromkeys(words))
