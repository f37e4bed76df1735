import type { TotebotStrings } from '../strings.js';

/**
 * French, addressing the shopper as "vous". French typography puts a
 * non-breaking space before `:` (U+00A0) and a narrow one before `!` and `?`
 * (U+202F), and between a number and its unit, so they never wrap apart.
 */
export const fr: TotebotStrings = {
  openChat: 'Ouvrir le chat',
  openChatUnread: 'Ouvrir le chat (nouveaux messages\u00a0: {count})',
  closeChat: 'Fermer le chat',
  panelLabel: 'Discussion avec {agent}',
  defaultAgentName: 'Assistant',
  you: 'Vous',
  welcome: 'Bonjour\u202f! Comment puis-je vous aider aujourd’hui\u202f?',
  suggestionsLabel: 'Questions suggérées',
  messageLabel: 'Message',
  messagePlaceholder: 'Posez une question…',
  send: 'Envoyer',
  stop: 'Arrêter',
  newConversation: 'Nouvelle conversation',
  typing: '{agent} écrit…',
  helpful: 'Utile',
  notHelpful: 'Pas utile',
  feedbackFailed: 'Votre avis n’a pas pu être envoyé. Veuillez réessayer.',
  replyAnnouncement: '{agent}\u00a0: {text}',
  errorGeneric: 'Une erreur s’est produite. Veuillez réessayer.',
  errorUnreachable: 'Impossible de joindre l’assistant. Vérifiez votre connexion et réessayez.',
  errorRateLimited: 'L’assistant est occupé. Nouvel essai dans {seconds}\u00a0s…',
  errorUnavailable: 'L’assistant n’est pas disponible pour le moment. Veuillez réessayer plus tard.',
  interrupted: 'La réponse a été interrompue.',
  stopped: 'Vous avez arrêté cette réponse.',
  retry: 'Réessayer',
  offline: 'Vous êtes hors ligne. Vous pourrez envoyer des messages dès que la connexion sera rétablie.',
  toolRunning: 'Utilisation de {name}…',
  toolDone: 'Utilisé\u00a0: {name}',
  actionRunning: '{name}…',
  actionDone: 'Terminé\u00a0: {name}',
  actionFailed: 'Échec\u00a0: {name}',
  chipStopped: 'Arrêté\u00a0: {name}',
  searchProductsRunning: 'Recherche de produits…',
  searchProductsDone: 'Recherche de produits terminée',
  addToCartRunning: 'Ajout au panier…',
  addToCartDone: 'Ajouté au panier',
  addToCartFailed: 'Impossible d’ajouter au panier',
  addToCartStopped: 'Arrêté\u00a0: vérifiez votre panier',
  conversationRestarted: 'La conversation précédente avait expiré\u00a0: en voici une nouvelle.',
};
