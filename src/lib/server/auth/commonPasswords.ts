// Passwords that are tried first in every attack: the most frequent ones in published leaks, German ones
// (HPI's yearly lists: passwort, hallo123, schalke04 …), and names of this platform and region. Stored lower
// case, separated by white space; passwordPolicy.ts also refuses them with digits or symbols around them
// ("Passwort2024!") and in simple look-alike spelling ("p@ssw0rt"). Add words freely; keep them lower case.
const LIST = `
000000 0987654321 111111 112233 121212 123123 1234 12345 123456 1234567
12345678 123456789 1234567890 1q2w3e4r 1q2w3e4r5t 1qaz2wsx 654321 666666 987654321 aaaaaa
aaaaaaaaaa abc123 abcdef abcdefg abcdefgh abcdefghij access admin admin123 admin1234
administrator affe alexander allmende allmendedemo altespasswort amen andrea andreas anmelden
anna apple april arschloch asdfgh asdfghjkl asdfghjklö ashley audi august
baby baerchen baseball basketball batman bayern bayernmuenchen bayernmünchen beautiful benutzer
berlin bier blink182 blume blumen bmw borussia borussiadortmund bratwurst buster
bvb bvb09 bärchen charlie christian claudia computer currywurst daniel deutschland
dezember dienstag donnerstag dorf dorfapp dorfentwicklung dortmund drache drachen dragon
egal einhorn eintracht engel europa facebook familie fcbayern fckoeln februar
felix ferrari feuerwehr ficken football fortnite fotze frank frankfurt freedom
freiheit freitag freunde freundschaft fruehling frühling fussball fußball gamer gaming
geheim geheim123 geheimnis gemeinde germany gesundheit ginger gladbach glueck glück
glücklich golf google gott hacker hallihallo hallo hallo123 hallo1234 hallo12345
halloichbins hamburg handball handy harley hase hasi heimat heimatverein herbst
hertha herzlichwillkommen himmel hoffnung hsv hund hunter hölle hübsch ichliebedich
iloveyou iloveyou123 instagram internet iphone januar jemand jennifer jessica jesus
jesuschrist jonas jordan juergen juli julia juni jürgen kaffee katze
katzen keineahnung kennwort killer kinder kirche klaus koeln koenig kreissoest
kuchen köln könig königin laura lena leon letmein liebe linux
lisa loewe login lovely lukas löwe maerz mama marie markus
martin master matrix maus mausi maximilian meinpasswort mercedes michael michael1
michelle microsoft mieze minecraft mittwoch moin moinmoin monkey montag muenchen
mustang mutti märz münchen neuespasswort nichts nicole niemand ninja nintendo
november nrw nutella oktober oma opa opel ostern p@ssw0rd p@sswort
papa party passw0rd passw0rt password password1 password12 password123 password1234 passwort
passwort1 passwort12 passwort123 passwort1234 passwortvergessen passwörter paul pepper peter petra
pferd pferde pikachu pizza playstation pokemon porsche princess prinz prinzessin
projektpool qwerty qwerty123 qwertyuiop qwertz qwertz123 qwertzu qwertzui qwertzuiop regenbogen
root rose ruhrgebiet sabine samstag samsung sarah sauerland schalke schalke04
schatz schatzi schatzilein scheisse scheiße schmetterling schnaps schokolade schuetzenverein schützenverein
secret september servus sexy shadow sicher sicherespasswort sicherheit snoopy soccer
soest sommer sommer2020 sommer2021 sommer2022 sommer2023 sommer2024 sommer2025 sonne sonnenblume
sonnenschein sonntag sophie spiderman starwars stefan stefanie stuttgart suess sunshine
supergeheim superman susanne süß tennis test test123 test1234 testtest teufel
thomas tiger topsecret trustno1 tschüss vati verein vertrauen vfb volkswagen
weihnachten welcome welcome1 werder werderbremen westfalen whatever whatsapp wichser willkommen
willkommen1 willkommen123 windows winter winter2024 winter2025 wochenende wolfgang xbox ycxvbnm
yxcvbnm zaq12wsx zufrieden zugang zxcvbnm
`;

/** The common passwords, lower case. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
