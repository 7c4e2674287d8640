/** The form's input for any setting of the registry, by its kind: so a new setting needs no new component. */
import type { ChoiceKey, FlagKey, LayoutKey, NumericKey, SettingKey } from '../core/settings/config';
import { SETTINGS } from '../core/settings/registry';
import { ChoiceField } from './ChoiceField';
import { FlagField } from './FlagField';
import { LayoutField } from './LayoutField';
import { NumberField } from './NumberField';

export function SettingField({ settingKey }: { settingKey: SettingKey }) {
  switch (SETTINGS[settingKey].kind) {
    case 'number':
      return <NumberField paramKey={settingKey as NumericKey} />;
    case 'flag':
      return <FlagField flagKey={settingKey as FlagKey} />;
    case 'layout':
      return <LayoutField layoutKey={settingKey as LayoutKey} />;
    case 'choice':
    case 'class':
      return <ChoiceField choiceKey={settingKey as ChoiceKey} />;
  }
}
