// The interface's words, in French (the corpus language, so the default) and English. The
// dictionaries are data: the English one must have every French key (the compiler checks it),
// and `{name}` placeholders are filled in by `t`. Corpus text itself is never translated.

import type { Medium, UnitKind } from './corpus/model.ts';
import { ISO_DATE } from './corpus/patterns.ts';
import type { FacetField } from './search/engine.ts';

export const LANGUAGES = ['fr', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'fr';

/** A plain string, or plural forms chosen by the `count` variable (CLDR categories). */
export type Entry = string | { one: string; other: string };

const fr = {
  'site.name': 'Contrepoint',
  'site.tagline': 'Les arguments des débats, par intervenant, question et position',
  'nav.label': 'Navigation principale',
  'nav.search': 'Recherche',
  'nav.compare': 'Comparer',
  'nav.questions': 'Questions',
  'nav.speakers': 'Intervenants',
  'nav.debates': 'Débats',
  'skip.main': 'Aller au contenu',
  'lang.switch': 'Langue',
  'lang.other': 'English',
  'footer.text': 'Contrepoint : une base de connaissances de débats. Les textes cités restent à leurs auteurs.',
  'footer.api': 'API JSON',

  'search.title': 'Rechercher dans les débats',
  'search.unavailable': 'La recherche est momentanément indisponible. Les débats, les questions et les intervenants restent consultables depuis le menu.',
  'search.label': 'Rechercher des arguments',
  'search.placeholder': 'ex. stagiaire, stratégie, Sandra RP…',
  'search.submit': 'Rechercher',
  'search.count': { one: '{count} résultat', other: '{count} résultats' },
  'search.countFor': { one: '{count} résultat pour « {query} »', other: '{count} résultats pour « {query} »' },
  'search.sort': 'Trier par',
  'search.sort.relevance': 'pertinence',
  'search.sort.date-desc': 'date (récent d’abord)',
  'search.sort.date-asc': 'date (ancien d’abord)',
  'search.empty.title': 'Aucun résultat',
  'search.empty.text': 'Essayez moins de mots, une autre orthographe, ou retirez un filtre.',
  'search.empty.suggest': 'Quelques recherches pour commencer :',
  'search.empty.facets': 'Ou parcourez par filtre :',
  'search.filters': 'Filtres',
  'search.activeFilters': 'Filtres actifs',
  'search.removeFilter': 'Retirer le filtre {label}',
  'search.addFilter': 'Filtrer sur {label}',
  'search.clearFilters': 'Tout effacer',
  'search.results': 'Résultats',
  'search.loading': 'Recherche…',
  'search.moreValues': { one: '{count} autre', other: '{count} autres' },
  'search.selected': 'filtre actif, cliquer pour le retirer',
  'search.browseAll': 'Tous les arguments du corpus, dans l’ordre des débats.',

  'facet.speaker': 'Intervenant',
  'facet.question': 'Question',
  'facet.position': 'Position',
  'facet.kind': 'Type',
  'facet.debate': 'Débat',

  'kind.argument': 'argument',
  'kind.turn': 'prise de parole',
  'kind.comment': 'commentaire',
  'kind.author-view': 'avis de l’auteur',

  'medium.video': 'vidéo',
  'medium.podcast': 'podcast',
  'medium.blog-post': 'billet de blog',
  'medium.panel': 'table ronde',
  'medium.interview': 'entretien',
  'medium.transcript': 'transcription',
  'medium.article': 'article',
  'medium.dataset': 'jeu de données',
  'medium.argument-map': 'carte d’arguments',
  'medium.other': 'autre',

  'pagination.label': 'Pagination',
  'pagination.previous': 'Page précédente',
  'pagination.next': 'Page suivante',
  'pagination.page': 'Page {page} sur {pages}',
  'pagination.goto': 'Aller à la page {page}',

  'unit.permalink': 'Lien permanent',
  'unit.copyLink': 'Copier le lien',
  'unit.copied': 'Lien copié',
  'unit.copyFailed': 'Copie impossible : le lien est {url}',
  'unit.cite': 'Citer',
  'unit.similar': 'Arguments similaires',
  'unit.matchedIn': 'Trouvé hors du texte :',
  'unit.matchedIn.speakerName': 'locuteur',
  'unit.matchedIn.speakerAliases': 'alias',
  'unit.matchedIn.positionLabel': 'position',
  'unit.matchedIn.questionTitle': 'question',
  'unit.matchedIn.questionTitleEn': 'question (anglais)',
  'unit.matchedIn.debateTitle': 'débat',
  'similar.title': 'Arguments similaires',
  'similar.intro': 'Les unités du corpus qui font le même point, d’autres débats et d’autres locuteurs d’abord :',
  'similar.none': 'Aucune autre unité ne partage assez de mots avec celle-ci.',
  'similar.back': 'Revenir à l’unité dans son débat',
  'unit.in': 'dans',
  'unit.open': 'Voir dans le débat',
  'unit.replyTo': 'En réponse à',
  'unit.replies': 'Réponses',
  'unit.continues': 'Suite de',
  'unit.continuedBy': 'Suite',
  'unit.supports': 'Soutient',
  'unit.attacks': 'Attaque',
  'unit.supportedBy': 'Soutenu par',
  'unit.attackedBy': 'Attaqué par',
  'unit.relations': 'Relations',
  'unit.timecode': 'Instant',
  'unit.signedAs': 'signé « {name} »',
  'unit.noPosition': 'sans position',

  'compare.title': 'Comparer les intervenants',
  'compare.intro': 'Choisissez une question et deux à quatre intervenants, ou une recherche libre.',
  'compare.question': 'Question',
  'compare.anyQuestion': '— toutes les questions —',
  'compare.speakers': 'Intervenants (2 à 4)',
  'compare.query': 'Recherche libre (facultative)',
  'compare.submit': 'Comparer',
  'compare.absent': 'pas de prise de position',
  'compare.noUnits': 'Aucun argument.',
  'compare.otherUnits': 'Sans position sur cette question',
  'compare.pick': 'Choisissez de deux à quatre intervenants.',

  'questions.title': 'Questions',
  'questions.intro': 'Ce qui est débattu, et les positions de chacun.',
  'questions.positions': { one: '{count} position', other: '{count} positions' },
  'questions.units': { one: '{count} argument', other: '{count} arguments' },
  'question.matrix': 'Qui défend quelle position',
  'question.matrixCaption': 'Nombre d’arguments par intervenant et par position sur « {title} »',
  'question.speaker': 'Intervenant',
  'question.position': 'Position',
  'question.byPosition': 'Arguments par position',
  'question.cellLink': '{count} de {speaker} pour « {position} »',
  'question.positionsHeading': 'Positions',
  'question.none': 'Personne',
  'question.noUnits': 'Aucun argument pour cette position.',

  'speakers.title': 'Intervenants',
  'speakers.intro': 'Toutes les personnes qui prennent la parole, sous toutes leurs signatures.',
  'speakers.debates': { one: '{count} débat', other: '{count} débats' },
  'speaker.aliases': 'Aussi signé',
  'speaker.links': 'Liens',
  'speaker.debates': 'Débats',
  'speaker.positions': 'Positions par question',
  'speaker.units': 'Arguments',
  'speaker.noPositions': 'Aucune position exprimée.',

  'debates.title': 'Débats',
  'debates.intro': 'Chaque débat, avec ses intervenants et ses arguments.',
  'debate.date': 'Date',
  'debate.medium': 'Support',
  'debate.source': 'Source',
  'debate.media': 'Enregistrement',
  'debate.player': 'Lecteur de l’enregistrement',
  'debate.nowPlaying': 'En cours : {speaker}, {time}',
  'debate.watchOn': 'Voir sur {platform}',
  'unit.playAt': 'Lire à partir de {time}',
  'debate.language': 'Langue',
  'debate.participants': 'Participants',
  'debate.summary': 'Résumé',
  'debate.arguments': 'Arguments',
  'debate.transcript': 'Transcription',
  'debate.authorViews': 'Avis de l’auteur',
  'debate.comments': 'Commentaires',
  'debate.sources': 'Sources liées',
  'debate.licence': 'Licence',
  'debate.citation': 'Citation',
  'debate.units': { one: '{count} unité', other: '{count} unités' },
  'debate.unitCount': 'Unités d’argument',

  'error.title': 'Erreur {status}',
  'error.400': 'Requête invalide',
  'error.404': 'Page introuvable',
  'error.500': 'Erreur interne',
  'error.503': 'Recherche indisponible',
  'error.back': 'Retour à la recherche',

  'compare.grid': 'Qui défend quoi',
  'compare.change': 'Changer la question ou les intervenants',
  'compare.gridCaption': 'Nombre d’arguments par position et par intervenant',
  'compare.gridCaptionQuestions': 'Nombre d’arguments par question et par intervenant ; chaque question mène à sa comparaison',
  'compare.questionColumn': 'Question',
  'compare.otherSpeaker': { one: 'Un autre intervenant ({count} de plus)', other: 'Un autre intervenant ({count} de plus)' },
  'compare.otherSpeakerHint': 'son identifiant, tel qu’il figure dans l’adresse de sa page :',
  'compare.position': 'Position',
  'compare.absentSpeaker': '{speaker} n’a aucun argument dans cette comparaison.',
  'compare.absentSpeakerQuestion': '{speaker} ne s’exprime pas sur cette question.',
  'compare.untaken': { one: '{count} position que personne n’a prise parmi eux', other: '{count} positions que personne n’a prises parmi eux' },
  'compare.truncated': 'Comptes établis sur les {count} premiers arguments de chaque intervenant.',
  'compare.quotes': 'Les arguments, position par position',
  'compare.shown': 'Arguments {from} à {to} sur {total}',
  'compare.rowsShown': 'Positions {from} à {to} sur {total}',
  'compare.allOfCell': 'Voir les {count} de {speaker}',
  'compare.back': 'Retour à la comparaison',
  'compare.cellEmpty': 'rien sur cette position',
  'compare.zero': 'aucun',

  'question.chart': 'En un coup d’œil',
  'question.chartTitle': 'Positions par intervenant sur « {title} »',
  'question.chartDesc': 'Barres empilées : pour chaque intervenant, le nombre d’arguments par position. Les mêmes nombres figurent dans le tableau ci-dessous.',
  'question.chartLegend': 'Légende des positions',
  'question.chartNote': 'Le graphique montre les {shown} intervenants les plus prolixes sur {total} ; le tableau les donne tous.',
  'question.chartNoteDownload': 'Le graphique montre les {shown} intervenants les plus prolixes sur {total}, le tableau les {rows} plus prolixes ; le téléchargement du tableau les donne tous.',

  'lang.fallback': '(en {language})',

  'search.showFilters': 'Filtres',
  'search.activeCount': { one: '{count} actif', other: '{count} actifs' },

  'reason.plainText': 'le paramètre « {name} » doit être une simple valeur texte',
  'reason.once': 'le paramètre « {name} » ne peut être donné qu’une fois',
  'reason.control': 'le paramètre « {name} » contient un caractère de contrôle',
  'reason.encoding': 'la requête contient un encodage « % » mal formé',
  'reason.tooLong': 'le paramètre « {name} » dépasse {max} caractères',
  'reason.integer': 'le paramètre « {name} » doit être un nombre entier de {min} à {max}',
  'reason.oneOf': 'le paramètre « {name} » doit valoir l’une de ces valeurs : {allowed}',
  'reason.tooMany': 'le paramètre « {name} » peut être répété au plus {max} fois',
  'reason.unknownParam': 'paramètre inconnu « {name} » ; paramètres admis : {allowed}',
  'reason.missing': 'il manque « {name} »',
  'reason.formatRequired': 'le paramètre « format » est obligatoire : l’une de ces valeurs : {allowed}',
  'reason.noPage': 'il n’y a pas de page {page} ici ; la dernière est la page {pages}',
  'reason.compareCount': 'une comparaison demande de {min} à {max} intervenants différents ({count} choisi(s))',
  'reason.needsCell': 'le paramètre « position » demande aussi « cell » (un des intervenants comparés)',
  'reason.cellSpeaker': 'le paramètre « cell » doit être l’un des intervenants comparés',
  'reason.cellPosition': 'le paramètre « cell » demande aussi « position » (une position, ou « none »)',
  'reason.cellUnknownPosition': 'la position « {position} » ne fait pas partie de cette comparaison',
  'reason.unknownSpeaker': 'aucun intervenant n’a l’identifiant « {id} »',
  'reason.noKeyPoint': 'cette question a {count} points clés, pas de point {point}',
  'reason.noKeyPointPage': 'pas de point clé « {point} » : un point clé se désigne par son rang (1, 2…) ou « other »',
  'reason.tableNeedsFormat': 'le paramètre « table » ne sert qu’avec « format » (un téléchargement)',
  'reason.unknownQuestion': 'aucune question n’a l’identifiant « {id} »',
  'reason.unknownDebate': 'aucun débat n’a l’identifiant « {id} »',
  'reason.unknownUnit': 'aucun argument n’a l’identifiant « {id} »',
  'reason.nothingAt': 'il n’y a rien à l’adresse {path}',
  'reason.badRequest': 'la requête contient une valeur invalide',
  'reason.notFound': 'cette page n’existe pas',
  'reason.searchUnavailable': 'le moteur de recherche ne répond pas pour le moment ; réessayez dans quelques secondes',
  'reason.internal': 'une erreur inattendue s’est produite ; elle a été enregistrée',

  // Reading long lists page by page, units on their own page, citations and downloads (issue 12).
  'reading.range': 'Unités {first} à {last} sur {total}',
  'speakers.range': 'Intervenants {first} à {last} sur {total}',
  'debates.range': 'Débats {first} à {last} sur {total}',
  'speaker.moreDebates': { one: '{count} autre débat', other: '{count} autres débats' },
  'speaker.moreQuestions': { one: '{count} autre question', other: '{count} autres questions' },
  'speaker.more': 'Et {items} : tout voir dans la recherche',
  'question.moreSpeakers': { one: 'Et {count} autre intervenant, dans le fichier du tableau complet.', other: 'Et {count} autres intervenants, dans le fichier du tableau complet.' },
  'debate.threadFrom': 'Suite d’un fil commencé page {page}, en réponse à',
  'debate.threadMore': { one: '{count} réponse suit, page {page}', other: '{count} réponses suivent, à partir de la page {page}' },
  'cite.signed': '{name} (signé «\u00a0{signature}\u00a0»)',
  'cite.summary': 'résumé par {author} des propos de {name}',
  'cite.argument': 'argument de {name}',
  'cite.turn': 'prise de parole de {name}',
  'cite.turnAt': 'prise de parole de {name} à {time}',
  'cite.comment': 'commentaire de {name}',
  'cite.authorView': 'avis de l’auteur, {name}',
  'cite.dataset': 'Jeu de données',
  'cite.accessed': 'consulté le {date}',
  'cite.download': 'Télécharger',
  'cite.copy': 'Copier la citation',
  'cite.copied': 'Citation copiée',
  'cite.copyFailed': 'Copie impossible : sélectionnez le texte de la citation',
  'unitPage.context': 'Contexte',
  'unitPage.inDebate': 'Voir à sa place dans le débat (page {page} sur {pages})',
  'unitPage.neighbours': 'Dans la source',
  'unitPage.previous': 'Avant',
  'unitPage.next': 'Après',
  'unitPage.similar': 'Arguments semblables',
  'unitPage.citation': 'Citer cette unité',
  'unitPage.noContext': 'Cette unité ne répond à aucune autre et n’a pas de réponse.',
  'keyPoints.title': 'Points clés',
  'keyPoints.intro': 'Les arguments de la question regroupés, position par position, selon ce qu’ils disent (mots en commun, pondérés TF-IDF). Chaque point clé est nommé par l’un de ses arguments, cité tel quel : le plus proche du groupe, de préférence court.',
  'keyPoints.none': 'Trop peu d’arguments se ressemblent ici pour dégager des points clés.',
  'keyPoints.covered': '{covered} des {units} arguments relèvent d’un point clé ; {other} d’aucun.',
  'keyPoints.countOf': { one: '{count} argument sur {total}', other: '{count} arguments sur {total}' },
  'keyPoints.speakers': 'Qui le soutient',
  'keyPoints.compareHint': 'Le nom d’un intervenant ouvre la comparaison, sur cette question, de ceux qui font ce point.',
  'keyPoints.moreSpeakers': { one: 'et {count} autre', other: 'et {count} autres' },
  'keyPoints.open': { one: 'Son argument', other: 'Ses {count} arguments' },
  'keyPoints.all': 'Tous ses arguments ({count}), page par page',
  'keyPoints.other': 'Autres arguments (aucun point clé)',
  'keyPoints.otherCount': { one: '{count} argument ne relève d’aucun point clé', other: '{count} arguments ne relèvent d’aucun point clé' },
  'keyPoints.otherAll': 'Tous les autres arguments, page par page',
  'keyPoints.labelBy': 'formulé par {speaker}',
  'keyPoints.labelCropped': 'citation coupée : le texte entier est sur sa page',
  'keyPoints.point': 'Point clé {rank}',
  'keyPoints.bySpeaker': 'Par intervenant',
  'keyPoints.byPosition': 'Par position',
  'keyPoints.unitsTitle': 'Ses arguments',
  'keyPoints.downloadPoints': 'Exporter les points clés',
  'keyPoints.downloadUnits': 'Exporter leurs arguments, un par ligne',
  'keyPoints.back': 'Points clés de « {title} »',
  'keyPoints.onFirstPage': 'Les points clés de la question sont en page 1.',
  'export.title': 'Exporter',
  'export.csv': 'CSV',
  'export.csvFr': 'CSV pour tableur français (point-virgule)',
  'export.json': 'JSON',
  'export.cite': 'Citations',
  'export.cap': 'Au plus {max} lignes par fichier ; au-delà, le fichier s’arrête et le dit.',
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof fr;
export type Dictionary = Record<MessageKey, Entry>;
/** Messages that say why a request failed (server/errors.ts `Reason`). */
export type ReasonKey = Extract<MessageKey, `reason.${string}`>;

const en: Dictionary = {
  'site.name': 'Contrepoint',
  'site.tagline': 'The arguments of debates, by speaker, question and position',
  'nav.label': 'Main navigation',
  'nav.search': 'Search',
  'nav.compare': 'Compare',
  'nav.questions': 'Questions',
  'nav.speakers': 'Speakers',
  'nav.debates': 'Debates',
  'skip.main': 'Skip to content',
  'lang.switch': 'Language',
  'lang.other': 'Français',
  'footer.text': 'Contrepoint: a knowledge base of debates. Quoted texts belong to their authors.',
  'footer.api': 'JSON API',

  'search.title': 'Search the debates',
  'search.unavailable': 'Search is temporarily unavailable. Debates, questions and speakers can still be browsed from the menu.',
  'search.label': 'Search arguments',
  'search.placeholder': 'e.g. intern, strategy, Sandra PR…',
  'search.submit': 'Search',
  'search.count': { one: '{count} result', other: '{count} results' },
  'search.countFor': { one: '{count} result for “{query}”', other: '{count} results for “{query}”' },
  'search.sort': 'Sort by',
  'search.sort.relevance': 'relevance',
  'search.sort.date-desc': 'date (newest first)',
  'search.sort.date-asc': 'date (oldest first)',
  'search.empty.title': 'No results',
  'search.empty.text': 'Try fewer words, another spelling, or remove a filter.',
  'search.empty.suggest': 'A few searches to start with:',
  'search.empty.facets': 'Or browse by filter:',
  'search.filters': 'Filters',
  'search.activeFilters': 'Active filters',
  'search.removeFilter': 'Remove filter {label}',
  'search.addFilter': 'Filter on {label}',
  'search.clearFilters': 'Clear all',
  'search.results': 'Results',
  'search.loading': 'Searching…',
  'search.moreValues': { one: '{count} more', other: '{count} more' },
  'search.selected': 'active filter, click to remove',
  'search.browseAll': 'Every argument in the corpus, in debate order.',

  'facet.speaker': 'Speaker',
  'facet.question': 'Question',
  'facet.position': 'Position',
  'facet.kind': 'Kind',
  'facet.debate': 'Debate',

  'kind.argument': 'argument',
  'kind.turn': 'turn',
  'kind.comment': 'comment',
  'kind.author-view': 'author’s view',

  'medium.video': 'video',
  'medium.podcast': 'podcast',
  'medium.blog-post': 'blog post',
  'medium.panel': 'panel',
  'medium.interview': 'interview',
  'medium.transcript': 'transcript',
  'medium.article': 'article',
  'medium.dataset': 'dataset',
  'medium.argument-map': 'argument map',
  'medium.other': 'other',

  'pagination.label': 'Pagination',
  'pagination.previous': 'Previous page',
  'pagination.next': 'Next page',
  'pagination.page': 'Page {page} of {pages}',
  'pagination.goto': 'Go to page {page}',

  'unit.permalink': 'Permalink',
  'unit.copyLink': 'Copy link',
  'unit.copied': 'Link copied',
  'unit.copyFailed': 'Could not copy: the link is {url}',
  'unit.cite': 'Cite',
  'unit.similar': 'Similar arguments',
  'unit.matchedIn': 'Found outside the text:',
  'unit.matchedIn.speakerName': 'speaker',
  'unit.matchedIn.speakerAliases': 'alias',
  'unit.matchedIn.positionLabel': 'position',
  'unit.matchedIn.questionTitle': 'question',
  'unit.matchedIn.questionTitleEn': 'question (English)',
  'unit.matchedIn.debateTitle': 'debate',
  'similar.title': 'Similar arguments',
  'similar.intro': 'Units of the corpus that make the same point, other debates and other speakers first:',
  'similar.none': 'No other unit shares enough words with this one.',
  'similar.back': 'Back to the unit in its debate',
  'unit.in': 'in',
  'unit.open': 'See in the debate',
  'unit.replyTo': 'In reply to',
  'unit.replies': 'Replies',
  'unit.continues': 'Continues',
  'unit.continuedBy': 'Continued by',
  'unit.supports': 'Supports',
  'unit.attacks': 'Attacks',
  'unit.supportedBy': 'Supported by',
  'unit.attackedBy': 'Attacked by',
  'unit.relations': 'Relations',
  'unit.timecode': 'At',
  'unit.signedAs': 'signed "{name}"',
  'unit.noPosition': 'no position',

  'compare.title': 'Compare speakers',
  'compare.intro': 'Pick a question and two to four speakers, or a free query.',
  'compare.question': 'Question',
  'compare.anyQuestion': '— all questions —',
  'compare.speakers': 'Speakers (2 to 4)',
  'compare.query': 'Free query (optional)',
  'compare.submit': 'Compare',
  'compare.absent': 'no position taken',
  'compare.noUnits': 'No arguments.',
  'compare.otherUnits': 'No position on this question',
  'compare.pick': 'Pick two to four speakers.',

  'questions.title': 'Questions',
  'questions.intro': 'What is argued, and who holds which position.',
  'questions.positions': { one: '{count} position', other: '{count} positions' },
  'questions.units': { one: '{count} argument', other: '{count} arguments' },
  'question.matrix': 'Who holds which position',
  'question.matrixCaption': 'Number of arguments per speaker and position on “{title}”',
  'question.speaker': 'Speaker',
  'question.position': 'Position',
  'question.byPosition': 'Arguments by position',
  'question.cellLink': '{count} by {speaker} for “{position}”',
  'question.positionsHeading': 'Positions',
  'question.none': 'Nobody',
  'question.noUnits': 'No arguments for this position.',

  'speakers.title': 'Speakers',
  'speakers.intro': 'Everyone who speaks, under every name they sign with.',
  'speakers.debates': { one: '{count} debate', other: '{count} debates' },
  'speaker.aliases': 'Also signs as',
  'speaker.links': 'Links',
  'speaker.debates': 'Debates',
  'speaker.positions': 'Positions per question',
  'speaker.units': 'Arguments',
  'speaker.noPositions': 'No position expressed.',

  'debates.title': 'Debates',
  'debates.intro': 'Every debate, with its speakers and arguments.',
  'debate.date': 'Date',
  'debate.medium': 'Medium',
  'debate.source': 'Source',
  'debate.media': 'Recording',
  'debate.player': 'Recording player',
  'debate.nowPlaying': 'Now playing: {speaker}, {time}',
  'debate.watchOn': 'Watch on {platform}',
  'unit.playAt': 'Play from {time}',
  'debate.language': 'Language',
  'debate.participants': 'Participants',
  'debate.summary': 'Summary',
  'debate.arguments': 'Arguments',
  'debate.transcript': 'Transcript',
  'debate.authorViews': 'Author’s views',
  'debate.comments': 'Comments',
  'debate.sources': 'Linked sources',
  'debate.licence': 'Licence',
  'debate.citation': 'Citation',
  'debate.units': { one: '{count} unit', other: '{count} units' },
  'debate.unitCount': 'Argument units',

  'error.title': 'Error {status}',
  'error.400': 'Bad request',
  'error.404': 'Page not found',
  'error.500': 'Internal error',
  'error.503': 'Search unavailable',
  'error.back': 'Back to search',

  'compare.grid': 'Who holds what',
  'compare.change': 'Change the question or the speakers',
  'compare.gridCaption': 'Number of arguments per position and speaker',
  'compare.gridCaptionQuestions': 'Number of arguments per question and speaker; each question leads to its comparison',
  'compare.questionColumn': 'Question',
  'compare.otherSpeaker': { one: 'Another speaker ({count} more)', other: 'Another speaker ({count} more)' },
  'compare.otherSpeakerHint': 'their id, as in the address of their page:',
  'compare.position': 'Position',
  'compare.absentSpeaker': '{speaker} has no argument in this comparison.',
  'compare.absentSpeakerQuestion': '{speaker} says nothing on this question.',
  'compare.untaken': { one: '{count} position none of them took', other: '{count} positions none of them took' },
  'compare.truncated': 'Counts cover the first {count} arguments of each speaker.',
  'compare.quotes': 'The arguments, position by position',
  'compare.shown': 'Arguments {from} to {to} of {total}',
  'compare.rowsShown': 'Positions {from} to {to} of {total}',
  'compare.allOfCell': 'See all {count} by {speaker}',
  'compare.back': 'Back to the comparison',
  'compare.cellEmpty': 'nothing on this position',
  'compare.zero': 'none',

  'question.chart': 'At a glance',
  'question.chartTitle': 'Positions by speaker on “{title}”',
  'question.chartDesc': 'Stacked bars: for each speaker, the number of arguments per position. The same numbers are in the table below.',
  'question.chartLegend': 'Position key',
  'question.chartNote': 'The chart shows the {shown} most prolific of {total} speakers; the table lists them all.',
  'question.chartNoteDownload': 'The chart shows the {shown} most prolific of {total} speakers, the table the {rows} most prolific; the table’s download lists them all.',

  'lang.fallback': '(in {language})',

  'search.showFilters': 'Filters',
  'search.activeCount': { one: '{count} active', other: '{count} active' },

  'reason.plainText': 'parameter "{name}" must be a plain text value',
  'reason.once': 'parameter "{name}" may be given only once',
  'reason.control': 'parameter "{name}" contains a control character',
  'reason.encoding': 'the query string has a malformed percent-encoding',
  'reason.tooLong': 'parameter "{name}" is longer than {max} characters',
  'reason.integer': 'parameter "{name}" must be a whole number from {min} to {max}',
  'reason.oneOf': 'parameter "{name}" must be one of {allowed}',
  'reason.tooMany': 'parameter "{name}" may be given at most {max} times',
  'reason.unknownParam': 'unknown parameter "{name}"; allowed: {allowed}',
  'reason.missing': 'missing "{name}"',
  'reason.formatRequired': 'parameter "format" is required: one of {allowed}',
  'reason.noPage': 'there is no page {page} here; the last is page {pages}',
  'reason.compareCount': 'a comparison needs {min} to {max} different speakers (got {count})',
  'reason.needsCell': 'parameter "position" needs "cell" (a compared speaker)',
  'reason.cellSpeaker': 'parameter "cell" must be one of the compared speakers',
  'reason.cellPosition': 'parameter "cell" needs "position" (a position key, or "none")',
  'reason.cellUnknownPosition': 'position "{position}" is not part of this comparison',
  'reason.unknownSpeaker': 'no speaker has the id "{id}"',
  'reason.noKeyPoint': 'this question has {count} key points, no point {point}',
  'reason.noKeyPointPage': 'no key point "{point}": a key point is named by its rank (1, 2…) or "other"',
  'reason.tableNeedsFormat': 'parameter "table" needs "format" (a download)',
  'reason.unknownQuestion': 'no question has the id "{id}"',
  'reason.unknownDebate': 'no debate has the id "{id}"',
  'reason.unknownUnit': 'no argument has the id "{id}"',
  'reason.nothingAt': 'there is nothing at {path}',
  'reason.badRequest': 'the request holds an invalid value',
  'reason.notFound': 'this page does not exist',
  'reason.searchUnavailable': 'the search engine does not answer right now; try again in a few seconds',
  'reason.internal': 'an unexpected error happened; it has been logged',

  'reading.range': 'Units {first}–{last} of {total}',
  'speakers.range': 'Speakers {first}–{last} of {total}',
  'debates.range': 'Debates {first}–{last} of {total}',
  'speaker.moreDebates': { one: '{count} more debate', other: '{count} more debates' },
  'speaker.moreQuestions': { one: '{count} more question', other: '{count} more questions' },
  'speaker.more': 'And {items}: see them all in the search',
  'question.moreSpeakers': { one: 'And {count} more speaker, in the download of the full table.', other: 'And {count} more speakers, in the download of the full table.' },
  'debate.threadFrom': 'Continues a thread from page {page}, in reply to',
  'debate.threadMore': { one: '{count} reply follows, on page {page}', other: '{count} replies follow, from page {page}' },
  'cite.signed': '{name} (signed "{signature}")',
  'cite.summary': 'summary by {author} of what {name} said',
  'cite.argument': 'argument by {name}',
  'cite.turn': 'turn by {name}',
  'cite.turnAt': 'turn by {name} at {time}',
  'cite.comment': 'comment by {name}',
  'cite.authorView': 'author’s view, {name}',
  'cite.dataset': 'Dataset',
  'cite.accessed': 'accessed {date}',
  'cite.download': 'Download',
  'cite.copy': 'Copy citation',
  'cite.copied': 'Citation copied',
  'cite.copyFailed': 'Could not copy: select the citation text',
  'unitPage.context': 'Context',
  'unitPage.inDebate': 'See it in its place in the debate (page {page} of {pages})',
  'unitPage.neighbours': 'In the source',
  'unitPage.previous': 'Before',
  'unitPage.next': 'After',
  'unitPage.similar': 'Similar arguments',
  'unitPage.citation': 'Cite this unit',
  'unitPage.noContext': 'This unit answers no other and has no reply.',
  'keyPoints.title': 'Key points',
  'keyPoints.intro': 'The question’s arguments grouped, position by position, by what they say (shared words, TF-IDF weighted). Each key point is named by one of its arguments, quoted as written: the closest to the group, short ones favoured.',
  'keyPoints.none': 'Too few arguments resemble each other here to find key points.',
  'keyPoints.covered': '{covered} of the {units} arguments come under a key point; {other} under none.',
  'keyPoints.countOf': { one: '{count} of {total} arguments', other: '{count} of {total} arguments' },
  'keyPoints.speakers': 'Who makes it',
  'keyPoints.compareHint': 'A speaker’s name opens the comparison, on this question, of those who make the point.',
  'keyPoints.moreSpeakers': { one: 'and {count} more', other: 'and {count} more' },
  'keyPoints.open': { one: 'Its argument', other: 'Its {count} arguments' },
  'keyPoints.all': 'All its arguments ({count}), page by page',
  'keyPoints.other': 'Other arguments (no key point)',
  'keyPoints.otherCount': { one: '{count} argument comes under no key point', other: '{count} arguments come under no key point' },
  'keyPoints.otherAll': 'All the other arguments, page by page',
  'keyPoints.labelBy': 'as {speaker} put it',
  'keyPoints.labelCropped': 'quote cut: the whole text is on its page',
  'keyPoints.point': 'Key point {rank}',
  'keyPoints.bySpeaker': 'By speaker',
  'keyPoints.byPosition': 'By position',
  'keyPoints.unitsTitle': 'Its arguments',
  'keyPoints.downloadPoints': 'Export the key points',
  'keyPoints.downloadUnits': 'Export their arguments, one a row',
  'keyPoints.back': 'Key points of “{title}”',
  'keyPoints.onFirstPage': 'The question’s key points are on page 1.',
  'export.title': 'Export',
  'export.csv': 'CSV',
  'export.csvFr': 'CSV for French spreadsheets (semicolons)',
  'export.json': 'JSON',
  'export.cite': 'Citations',
  'export.cap': 'At most {max} rows per file; past that, the file stops and says so.',
};

export const DICTIONARIES: Readonly<Record<Lang, Dictionary>> = { fr, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** "en", "EN", "en-GB" → "en"; anything unsupported → undefined. */
function toLang(tag: string): Lang | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLang(primary) ? primary : undefined;
}

/**
 * The interface language: `?lang=` wins (the user chose), then the browser's Accept-Language by
 * quality, then French. Repeated or malformed `lang` parameters are ignored, never an error.
 */
export function pickLanguage(queryLang: unknown, acceptLanguage: string | undefined): Lang {
  if (typeof queryLang === 'string') {
    const chosen = toLang(queryLang);
    if (chosen) return chosen;
  }
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part, position) => {
        const [tag = '', ...params] = part.split(';');
        const q = params.map((p) => /^\s*q\s*=(.*)$/.exec(p)?.[1]).find((v) => v !== undefined);
        // A malformed quality ("q=abc") counts as refused rather than as the default 1.
        const quality = q === undefined ? 1 : /^\s*[0-9.]+\s*$/.test(q) ? Number(q) : 0;
        return { lang: toLang(tag), quality: Number.isFinite(quality) ? quality : 0, position };
      })
      .filter((r): r is { lang: Lang; quality: number; position: number } => r.lang !== undefined && r.quality > 0)
      .sort((a, b) => b.quality - a.quality || a.position - b.position);
    if (ranked[0]) return ranked[0].lang;
  }
  return DEFAULT_LANG;
}

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

// Intl objects are slow to build (a tenth of a millisecond each): one per language, built once.
const translators = new Map<Lang, Translate>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The translator for one language: `t(lang)('search.count', { count: 3 })` → "3 résultats". */
export function t(lang: Lang): Translate {
  const cached = translators.get(lang);
  if (cached) return cached;
  const translate = buildTranslator(lang);
  translators.set(lang, translate);
  return translate;
}

function buildTranslator(lang: Lang): Translate {
  const dictionary = DICTIONARIES[lang];
  const plural = new Intl.PluralRules(lang);
  return (key, vars = {}) => {
    const entry = dictionary[key];
    const template = typeof entry === 'string' ? entry : plural.select(Number(vars.count ?? 0)) === 'one' ? entry.one : entry.other;
    // Most labels have no placeholder: a page asks for hundreds of them.
    if (!template.includes('{')) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

export function kindLabel(lang: Lang, kind: UnitKind): string {
  return t(lang)(`kind.${kind}`);
}

export function mediumLabel(lang: Lang, medium: Medium): string {
  return t(lang)(`medium.${medium}`);
}

export function facetLabel(lang: Lang, field: FacetField): string {
  return t(lang)(`facet.${field}`);
}

/** A date of year, month or day precision written for people: "juillet 2010", "July 12, 2010". */
export function formatDate(lang: Lang, date: string): string {
  // A page writes the same few dates many times, and Intl's format() is the slow part.
  const key = `${lang}|${date}`;
  const known = formattedDates.get(key);
  if (known !== undefined) return known;
  const text = formatDateUncached(lang, date);
  if (formattedDates.size >= MAX_FORMATTED_DATES) formattedDates.clear();
  formattedDates.set(key, text);
  return text;
}

/** Bounded: a corpus spans a few thousand days at most, so the cache is rarely cleared. */
const MAX_FORMATTED_DATES = 20_000;
const formattedDates = new Map<string, string>();

function formatDateUncached(lang: Lang, date: string): string {
  const match = ISO_DATE.exec(date);
  if (!match) return date;
  const [, y, m, d] = match;
  if (!m) return y ?? date;
  const when = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d ?? '1')));
  const key = `${lang}:${d ? 'day' : 'month'}`;
  let format = dateFormats.get(key);
  if (!format) {
    const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
    format = new Intl.DateTimeFormat(locale, d ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(when);
}

const collators = new Map<Lang, Intl.Collator>();

/** Compares two labels in the language's order; `a.localeCompare(b, lang)` builds a collator per call. */
export function compareLabels(lang: Lang, a: string, b: string): number {
  let collator = collators.get(lang);
  if (!collator) {
    collator = new Intl.Collator(lang);
    collators.set(lang, collator);
  }
  return collator.compare(a, b);
}

/** A message shown on its own (an error's reason): capital first letter, final full stop. */
export function sentence(text: string): string {
  const capital = text.charAt(0).toLocaleUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

const languageNames = new Map<Lang, Intl.DisplayNames>();

/** A language tag's name in the interface language: languageName('fr', 'en') → "anglais". */
export function languageName(lang: Lang, tag: string): string {
  let names = languageNames.get(lang);
  if (!names) {
    names = new Intl.DisplayNames([lang], { type: 'language' });
    languageNames.set(lang, names);
  }
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}
