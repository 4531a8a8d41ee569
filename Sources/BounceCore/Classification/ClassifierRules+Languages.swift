// Non-English replies from big providers: German (GMX, web.de, T-Online), French (Orange, SFR,
// Free, La Poste), Spanish, Italian (Libero, Aruba, TIM), Portuguese (UOL, Terra, Sapo), Russian
// (Yandex, mail.ru, Rambler), Chinese (QQ, NetEase 163/126, Sina), Japanese (docomo, au, SoftBank,
// Sakura). Sources: Sisimai Reason::* and Lhost/Rhost phrase lists (e.g. "no existe dicha persona",
// "Adresse d au moins un destinataire invalide", OFR codes), p5-sisimai#189 (Orange), provider
// help pages. Phrases are written with accents; matching folds them (`rejeté` = `rejete`).

extension ClassifierRule {
    static let languageRules: [ClassifierRule] = [
        ClassifierRule("lang-mailbox-full", .mailboxFull, stage: .override,
                       phrases: ["boîte pleine", "boîte aux lettres pleine", "boîte du destinataire pleine", "quota dépassé",
                                 "postfach voll", "mailbox voll", "postfach ist voll", "speicherplatz", "quota überschritten",
                                 "buzón lleno", "buzón de correo lleno", "cuota excedida", "casella piena",
                                 "casella di posta piena", "spazio esaurito", "quota superata", "caixa postal cheia",
                                 "caixa de correio cheia", "caixa cheia", "cota excedida", "ящик переполнен", "переполнен",
                                 "邮箱已满", "邮箱空间不足", "容量已满", "空间不足", "メールボックスが一杯", "容量超過",
                                 "容量オーバー", "メールボックスがいっぱい"],
                       samples: [
                           "552 5.2.2 Boîte du destinataire pleine. Recipient overquota. OFR_417 [417]", // Orange
                           "452 4.2.2 Boite aux lettres pleine", // French MTAs
                           "452 4.2.2 Postfach voll", // German MTAs
                           "552 Quota überschritten / quota exceeded", // German MTAs
                           "552 5.2.2 Buzón lleno", // Spanish MTAs
                           "452 Casella di posta piena", // Libero-style
                           "552 Caixa postal cheia", // UOL-style
                           "552 5.2.2 Почтовый ящик переполнен", // Yandex/mail.ru (Russian)
                           "552 收件人邮箱已满", // QQ/163 (Chinese)
                           "552 メールボックスが一杯です", // Japanese MTAs
                           "452 4.2.2 容量超過のため受信できません", // Japanese MTAs
                       ]),
        ClassifierRule("lang-host-unknown", .hostUnknown,
                       phrases: ["domain existiert nicht", "domain nicht gefunden", "domaine inexistant", "domaine inconnu",
                                 "dominio no existe", "dominio inexistente", "dominio non esiste", "domínio não existe",
                                 "домен не найден", "домен не существует", "域名不存在", "ドメインが存在しません"],
                       samples: [
                           "550 Domain existiert nicht", // German
                           "550 Domaine inexistant", // French
                           "550 El dominio no existe", // Spanish
                           "550 Dominio inesistente o dominio non esiste", // Italian
                           "550 Домен не найден", // Russian
                           "550 域名不存在", // Chinese
                           "550 ドメインが存在しません", // Japanese
                       ]),
        ClassifierRule("lang-mailbox-disabled", .mailboxDisabled,
                       phrases: ["postfach gesperrt", "konto gesperrt", "deaktiviert", "compte désactivé", "compte suspendu",
                                 "boîte désactivée", "cuenta desactivada", "cuenta deshabilitada", "cuenta suspendida",
                                 "casella disattivata", "account disabilitato", "utente disabilitato", "conta desativada",
                                 "conta suspensa", "ящик заблокирован", "аккаунт заблокирован", "пользователь заблокирован",
                                 "отключен", "帐号被冻结", "账号被冻结", "账户已停用", "已停用", "已被禁用",
                                 "アカウントが停止", "利用停止"],
                       samples: [
                           "550 Postfach gesperrt", // German
                           "550 Konto deaktiviert / account disabled", // German
                           "550 5.2.1 Compte désactivé", // French
                           "550 Cuenta deshabilitada", // Spanish
                           "550 Casella disattivata", // Italian
                           "550 Conta desativada", // Portuguese
                           "550 Почтовый ящик заблокирован", // Russian
                           "550 该帐号被冻结", // Chinese
                           "550 アカウントが停止されています", // Japanese
                       ]),
        ClassifierRule("lang-user-unknown", .userUnknown,
                       phrases: ["benutzer unbekannt", "empfänger unbekannt", "empfaenger unbekannt", "unbekannter empfänger",
                                 "unbekannter benutzer", "mailbox nicht vorhanden", "postfach nicht vorhanden",
                                 "adresse existiert nicht", "existiert nicht", "utilisateur inconnu", "destinataire inconnu",
                                 "destinataire invalide", "adresse inconnue", "adresse invalide", "usuario desconocido",
                                 "usuario no existe", "no existe ese usuario", "no existe dicha persona",
                                 "destinatario desconocido", "dirección inexistente", "utente sconosciuto", "utente inesistente",
                                 "utente non esiste", "indirizzo inesistente", "destinatario sconosciuto", "usuário desconhecido",
                                 "usuário inexistente", "usuário não existe", "destinatário desconhecido", "endereço inexistente",
                                 "пользователь не найден", "нет такого пользователя", "пользователь не существует",
                                 "адрес не существует", "ящик не существует", "用户不存在", "收件人不存在", "邮箱不存在",
                                 "账户不存在", "帐户不存在", "地址不存在", "ユーザーが存在しません", "ユーザが存在しません",
                                 "宛先不明", "存在しないユーザ", "存在しないアドレス", "宛先が見つかりません"],
                       samples: [
                           "550 Mailbox nicht vorhanden / mailbox unavailable", // GMX/web.de style
                           "550 5.1.1 Benutzer unbekannt", // German
                           "550 Empfänger unbekannt", // German
                           "550 Die Adresse existiert nicht", // German
                           "550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]", // Orange (Sisimai)
                           "550 5.1.1 <x@free.fr>: Recipient address rejected: free.fr: utilisateur inconnu", // Free-style
                           "550 Destinataire inconnu", // French
                           "550 Usuario desconocido", // Spanish
                           "550 No existe dicha persona", // Sisimai (Spanish)
                           "550 El usuario no existe", // Spanish
                           "550 Utente sconosciuto", // Italian
                           "550 Utente inesistente", // Italian
                           "550 Usuário desconhecido", // Portuguese
                           "550 Usuário não existe", // Portuguese
                           "550 Пользователь не найден", // Russian
                           "550 Нет такого пользователя", // Russian
                           "550 用户不存在", // Chinese
                           "550 收件人不存在", // Chinese
                           "550 邮箱不存在", // Chinese
                           "550 ユーザーが存在しません", // Japanese
                           "550 宛先不明", // Japanese
                           "550 存在しないユーザです", // Japanese
                       ]),
        ClassifierRule("lang-spam", .spamContent,
                       phrases: ["als spam", "considéré comme spam", "pourriel", "considerado spam", "considerado como spam",
                                 "considerato spam", "спам", "垃圾邮件", "迷惑メール"],
                       samples: [
                           "550 5.7.1 Nachricht als Spam eingestuft", // German
                           "550 5.7.1 Message considéré comme spam", // French
                           "550 Mensaje considerado como spam", // Spanish
                           "550 Messaggio considerato spam", // Italian
                           "550 Сообщение похоже на спам", // Russian
                           "550 邮件被判定为垃圾邮件", // Chinese
                           "550 迷惑メールと判定されました", // Japanese
                       ]),
    ]
}
