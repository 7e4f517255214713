export {
  spawnNotificationsProcess,
  startNotifications,
  type NotificationsHarness,
  type NotificationsOptions,
  type NotificationsProcess,
} from './start-notifications';
export {
  ORIENTATION_DATA,
  letterFactory,
  orientationCampaign,
  recipientsFactory,
  type CampaignRecipient,
  type LetterBody,
} from './factories';
export { until } from '@rammeaftale/testing';
